// Python: keywords, decorators, string prefixes (r, b, f) and triple-quoted strings.
extension HighlightLanguage {
    static let python = HighlightLanguage(
        id: "python", name: "Python", aliases: ["python", "py", "python3", "py3"],
        lex: { $0.lexCode(PythonSyntax.syntax) })
}

enum PythonSyntax {
    static let strings = [
        StringSyntax("\"\"\"", multiline: true), StringSyntax("'''", multiline: true), StringSyntax("\""), StringSyntax("'"),
    ]

    static let syntax = CodeSyntax(
        lineComments: [Array("#".utf8)],
        strings: strings,
        keywords: WordTable(
            """
            and as assert async await break class continue def del elif else except finally for from global if import in is
            lambda match nonlocal not or pass raise return try while with yield case
            """),
        literals: WordTable("True False None"),
        types: WordTable("int float str bytes bool list dict set tuple object type frozenset complex"),
        declarations: CodeSyntax.declarations([("def", .function), ("class", .type)]),
        attributePrefix: UInt8(ascii: "@"),
        operators: Array("+-*/%=<>!&|^~:".utf8),
        special: { scanner, _ in lexPrefixedString(&scanner) })

    /// `r"…"`, `b'…'`, `f"""…"""`, `rb"…"`: the prefix belongs to the string.
    static func lexPrefixedString(_ scanner: inout HighlightScanner) -> Bool {
        let start = scanner.position
        var length = 0
        while length < 2, let byte = scanner.peek(length), "rRbBfFuU".utf8.contains(byte) { length += 1 }
        guard length > 0, let quote = scanner.peek(length), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return false }
        if let before = scanner.peek(-1), ByteClass.isIdentifierPart(before) { return false }
        scanner.advance(length)
        for string in strings where scanner.sees(string.open) {
            scanner.scanString(open: string.open, close: string.close, escape: string.escape, multiline: string.multiline)
            break
        }
        scanner.emit(.string, from: start)
        return true
    }
}
