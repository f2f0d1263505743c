// Swift: keywords, types (capitalised names), @attributes, #directives, raw and multi-line strings.
extension HighlightLanguage {
    static let swift = HighlightLanguage(id: "swift", name: "Swift", aliases: ["swift"], lex: { $0.lexCode(SwiftSyntax.syntax) })
}

enum SwiftSyntax {
    static let syntax = CodeSyntax(
        lineComments: [Array("//".utf8)],
        blockComments: [(Array("/*".utf8), Array("*/".utf8), true)],
        strings: [
            StringSyntax("#\"\"\"", "\"\"\"#", escape: nil, multiline: true),
            StringSyntax("#\"", "\"#", escape: nil),
            StringSyntax("\"\"\"", escape: "\\", multiline: true),
            StringSyntax("\""),
        ],
        keywords: WordTable(
            """
            actor any as associatedtype async await break case catch class consume continue convenience default defer deinit
            didSet do dynamic else enum extension fallthrough fileprivate final for func get guard if import in indirect init
            inout internal is lazy let mutating nonisolated nonmutating open operator optional override package precedencegroup
            private protocol public repeat required rethrows return self Self set some static struct subscript super switch
            throw throws try typealias unowned var weak where while willSet borrowing consuming sending
            """),
        literals: WordTable("true false nil"),
        capitalizedWordsAreTypes: true,
        declarations: CodeSyntax.declarations([
            ("func", .function), ("class", .type), ("struct", .type), ("enum", .type), ("protocol", .type), ("actor", .type),
            ("extension", .type), ("typealias", .type), ("associatedtype", .type),
        ]),
        attributePrefix: UInt8(ascii: "@"),
        operators: Array("+-*/%=<>!&|^~?:".utf8),
        special: { scanner, _ in lexDirective(&scanner) })

    /// `#if`, `#available`, `#selector`: compiler directives read as keywords.
    static func lexDirective(_ scanner: inout HighlightScanner) -> Bool {
        let start = scanner.position
        guard scanner.peek() == UInt8(ascii: "#"), let next = scanner.peek(1), ByteClass.isLetter(next) else { return false }
        scanner.advance()
        scanner.advance(while: ByteClass.isIdentifierPart)
        scanner.emit(.keyword, from: start)
        return true
    }
}
