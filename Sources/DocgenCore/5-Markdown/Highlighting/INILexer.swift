// INI and TOML: [sections], keys, values (strings, numbers, booleans, dates), comments.
extension HighlightLanguage {
    static let ini = HighlightLanguage(
        id: "ini", name: "INI", aliases: ["ini", "cfg", "conf", "properties", "editorconfig", "gitconfig"], lex: { $0.lexINI(toml: false) })
    static let toml = HighlightLanguage(id: "toml", name: "TOML", aliases: ["toml"], lex: { $0.lexINI(toml: true) })
}

enum INISyntax {
    static let constants = WordTable("true false yes no on off null none inf nan", ignoringCase: true)
    static let strings = [
        StringSyntax("\"\"\"", multiline: true), StringSyntax("'''", escape: nil, multiline: true), StringSyntax("\""),
        StringSyntax("'", escape: nil),
    ]
}

extension HighlightScanner {
    mutating func lexINI(toml: Bool) {
        while position < end {
            advance(while: ByteClass.isSpace)
            guard let first = peek() else { return }
            let start = position
            if first == UInt8(ascii: "[") {
                // [section], [[array.of.tables]]
                advance(while: { $0 == UInt8(ascii: "[") })
                emit(.punctuation, from: start)
                let name = position
                advance(while: { $0 != UInt8(ascii: "]") && $0 != ByteClass.newline })
                emit(.type, from: name)
                let close = position
                advance(while: { $0 == UInt8(ascii: "]") })
                emit(.punctuation, from: close)
            } else if first == UInt8(ascii: ";") || first == UInt8(ascii: "#") {
                advanceToLineEnd()
                emit(.comment, from: start)
            } else if first != ByteClass.newline {
                lexINIKey()
            }
            lexINIValues(toml: toml)
            if !atEnd { advance() }  // the line break
        }
    }

    /// A key before `=` (or `:` in INI) on this line; a line without one is all values (a TOML array going on).
    private mutating func lexINIKey() {
        let start = position
        while let byte = peek(), byte != ByteClass.newline, byte != UInt8(ascii: "="), byte != UInt8(ascii: ":") {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                scanString(open: [byte], close: [byte], escape: byte == UInt8(ascii: "\"") ? UInt8(ascii: "\\") : nil, multiline: false)
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "#") {
                break
            } else {
                advance()
            }
        }
        guard let separator = peek(), separator == UInt8(ascii: "=") || separator == UInt8(ascii: ":") else {
            position = start
            return
        }
        var keyEnd = position
        while keyEnd > start, ByteClass.isSpace(bytes[keyEnd - 1]) { keyEnd -= 1 }
        let afterKey = position
        position = keyEnd
        emit(.property, from: start)
        position = afterKey
        advance()
        emit(.operator, from: afterKey)
    }

    /// Values to the end of the line (or further, for a multi-line string).
    private mutating func lexINIValues(toml: Bool) {
        while let byte = peek(), byte != ByteClass.newline {
            let start = position
            if ByteClass.isSpace(byte) {
                advance(while: ByteClass.isSpace)
                continue
            }
            if byte == UInt8(ascii: "#") || (byte == UInt8(ascii: ";") && !toml) {
                if position == start, followsWordBoundary() {
                    advanceToLineEnd()
                    emit(.comment, from: start)
                    continue
                }
            }
            if let string = INISyntax.strings.first(where: { sees($0.open) }) {
                scanString(open: string.open, close: string.close, escape: string.escape, multiline: string.multiline)
                emit(.string, from: start)
                continue
            }
            if "[]{},=".utf8.contains(byte) {
                advance()
                emit(.punctuation, from: start)
                continue
            }
            // A bare value: a number or date, a boolean, or text up to a comment or delimiter.
            advance(while: { !ByteClass.isWhitespace($0) && !"[]{},=#\"'".utf8.contains($0) })
            if position == start { advance() }
            let word = slice(from: start)
            if INISyntax.constants.contains(word) {
                emit(.keyword, from: start)
            } else if let lead = word.first, ByteClass.isDigit(lead) || ((lead == UInt8(ascii: "-") || lead == UInt8(ascii: "+")) && word.count > 1) {
                emit(.number, from: start)
            } else if !toml {
                emit(.string, from: start)
            }
        }
    }
}
