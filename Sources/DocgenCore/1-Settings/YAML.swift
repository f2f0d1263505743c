import Yams

/// A value from YAML front matter or site settings, handed to templates as is.
public indirect enum MetadataValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([MetadataValue])
    case map([String: MetadataValue])
    case null

    /// The value as display text (lists joined with ", ").
    public var text: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .list(let items): return items.map(\.text).joined(separator: ", ")
        case .map(let map): return map.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.text)" }.joined(separator: ", ")
        case .null: return ""
        }
    }
}

/// Parses YAML with Yams and turns its errors into diagnostics that point into the original file.
package enum YAMLReader {
    /// The most YAML docgen reads from a page's front matter: far more than any real page needs, and
    /// small enough that no front matter costs noticeable time.
    package static let frontMatterByteLimit = 64 * 1024
    /// The most YAML docgen reads from `site.yml`.
    package static let settingsByteLimit = 256 * 1024
    /// The most YAML docgen reads from a `request-email --from-file` file.
    package static let requestFileByteLimit = 64 * 1024

    /// No implicit tag rules: a plain scalar's tag is `str`. `value(of:)` is all docgen reads of a node,
    /// and Yams builds booleans, integers and numbers from a plain scalar's text whatever its rules say,
    /// so the rules only decided whether keys such as `1` and `'1'` are the same key (now they are).
    /// Yams' default rules are regular expressions, matched for every key of every mapping at each
    /// lookup; compiling them cost more than reading a small site's pages.
    private static let resolver = Resolver.basic

    /// Refuses text over `byteLimit` and any anchor or alias, then parses with Yams.
    /// - Parameter firstLine: the line of the file on which `text` starts (front matter starts on line 2).
    /// - Parameter what: names the text in the size message ("front matter", "the settings file").
    package static func parse(
        _ text: String, path: String, firstLine: Int, stage: BuildStage, byteLimit: Int, what: String
    ) throws(Diagnostic) -> Node? {
        let size = text.utf8.count
        if size > byteLimit {
            throw Diagnostic.error(
                stage, at: SourceLocation(path: path, line: firstLine, column: 1),
                "\(what) is \(size) bytes; docgen reads at most \(byteLimit / 1024) KiB of YAML here")
        }
        if let position = YAMLAnchorScanner.firstAnchorOrAlias(in: text) {
            throw Diagnostic.error(
                stage, at: SourceLocation(path: path, line: position.line + firstLine - 1, column: position.column),
                "YAML anchors and aliases are not supported")
        }
        do {
            // An explicit encoding: the default one reads the whole process environment on every call.
            return try Yams.compose(yaml: text, resolver, .default, .utf8)
        } catch let error as YamlError {
            throw diagnostic(for: error, path: path, firstLine: firstLine, stage: stage)
        } catch {
            throw Diagnostic.error(stage, at: SourceLocation(path: path, line: firstLine, column: 1), "invalid YAML: \(error)")
        }
    }

    private static func diagnostic(for error: YamlError, path: String, firstLine: Int, stage: BuildStage) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(path: path, line: mark.line + firstLine - 1, column: mark.column)
        }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return .error(stage, at: at(mark), "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(
                stage, at: at(context.mark),
                "invalid YAML: duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        default:
            return .error(stage, at: SourceLocation(path: path, line: firstLine, column: 1), "invalid YAML: \(error)")
        }
    }

    package static func location(of node: Node, path: String, firstLine: Int) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(path: path, line: firstLine, column: 1) }
        return SourceLocation(path: path, line: mark.line + firstLine - 1, column: mark.column)
    }

    package static func value(of node: Node) -> MetadataValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty { return .null }
                // Yams' readers are asked only when they might say yes: they lower-case and copy the
                // text first, which made reading a title cost more than the page's Markdown.
                if scalar.string.utf8.count <= 5, let bool = node.bool { return .bool(bool) }
                if mayBeNumber(scalar.string) {
                    if let int = node.int { return .int(int) }
                    if let double = node.float { return .double(double) }
                }
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .list(sequence.map(value(of:)))
        case .mapping(let mapping):
            var map: [String: MetadataValue] = [:]
            for (key, item) in mapping { map[key.string ?? ""] = value(of: item) }
            return .map(map)
        case .alias:
            // Not reached: anchors and aliases are refused before parsing.
            return .null
        }
    }

    /// False only when Yams' integer and number readers cannot accept `text`: they drop every `_`,
    /// then need a sign, a digit, a dot, or the `inf`, `nan` or `snan` that Swift's number parsing knows
    /// (in any case), so a text whose first other character is any other ASCII letter is none.
    private static func mayBeNumber(_ text: String) -> Bool {
        guard let first = text.utf8.first(where: { $0 != UInt8(ascii: "_") }) else { return true }
        switch first {
        case UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "s"), UInt8(ascii: "S"): return true
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return false
        default: return true
        }
    }

    /// Type names for messages such as "'order' must be an integer, not a string".
    package static func typeName(of node: Node) -> String {
        switch value(of: node) {
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "a boolean"
        case .list: return "a list"
        case .map: return "a mapping"
        case .null: return "empty"
        }
    }
}
