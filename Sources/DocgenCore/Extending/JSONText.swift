/// Just enough JSON for widgets: members keep their order, so output is deterministic without a
/// general-purpose encoder. Shared by the widgets' data blocks and `docgen address --json`.
public enum JSONText: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    /// The value as JSON text, safe inside a `<script>` element (see ``quoted(_:forHTML:)``).
    public var rendered: String { rendered(forHTML: true) }

    public func rendered(forHTML: Bool) -> String {
        switch self {
        case .string(let text): return Self.quoted(text, forHTML: forHTML)
        case .int(let number): return String(number)
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map { $0.rendered(forHTML: forHTML) }.joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.map { Self.quoted($0.0, forHTML: forHTML) + ":" + $0.1.rendered(forHTML: forHTML) }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal. With `forHTML`, `<`, `>`, `&` and the line separators are written as
    /// `\u` escapes so the text can never end the `<script>` element it sits in; without it, only what
    /// JSON requires is escaped and the text stays readable (for the terminal).
    public static func quoted(_ text: String, forHTML: Bool = true) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                if forHTML { result += escaped(scalar) } else { result.unicodeScalars.append(scalar) }
            default:
                if scalar.value < 0x20 {
                    result += escaped(scalar)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// `\u003c` for `<`: four lower-case hex digits.
    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
