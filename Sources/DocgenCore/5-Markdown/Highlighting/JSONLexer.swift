// JSON (and JSON with comments): member names are properties, other strings are strings.
extension HighlightLanguage {
    static let json = HighlightLanguage(
        id: "json", name: "JSON", aliases: ["json", "jsonc", "json5", "geojson"],
        lex: { $0.lexCode(JSONSyntax.syntax) })
}

enum JSONSyntax {
    static let syntax = CodeSyntax(
        lineComments: [Array("//".utf8)],
        blockComments: [(Array("/*".utf8), Array("*/".utf8), false)],
        literals: WordTable("true false null"),
        callsAreFunctions: false,
        operators: Array("-+".utf8),
        punctuation: Array("{}[],:".utf8),
        special: { scanner, _ in lexString(&scanner) })

    /// A string followed by `:` is a member name.
    static func lexString(_ scanner: inout HighlightScanner) -> Bool {
        let start = scanner.position
        guard scanner.peek() == UInt8(ascii: "\"") else { return false }
        scanner.scanString(open: [UInt8(ascii: "\"")], close: [UInt8(ascii: "\"")], escape: UInt8(ascii: "\\"), multiline: false)
        scanner.emit(scanner.nextNonSpace() == UInt8(ascii: ":") ? .property : .string, from: start)
        return true
    }
}
