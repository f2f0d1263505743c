// YAML: keys, scalars (quoted strings, numbers, true/false/null), comments, anchors, aliases, tags,
// document markers and block scalars (`|`, `>`), whose lines are strings.
extension HighlightLanguage {
    static let yaml = HighlightLanguage(id: "yaml", name: "YAML", aliases: ["yaml", "yml"], lex: { $0.lexYAML() })
}

enum YAMLSyntax {
    static let constants = WordTable("true false null yes no on off ~", ignoringCase: true)
    static func endsPlainScalar(_ byte: UInt8) -> Bool {
        byte == ByteClass.newline || ",[]{}".utf8.contains(byte)
    }
}

extension HighlightScanner {
    mutating func lexYAML() {
        // Indentation of the key that opened a block scalar; deeper lines belong to it.
        var blockScalarIndent: Int? = nil
        while position < end {
            let lineStart = position
            advance(while: ByteClass.isSpace)
            let indent = position - lineStart
            if let parent = blockScalarIndent {
                if peek() == ByteClass.newline || (indent > parent && !atEnd) {
                    advanceToLineEnd()
                    emit(.string, from: lineStart + indent)
                    if !atEnd { advance() }
                    continue
                }
                blockScalarIndent = nil
            }
            if indent == 0 && (sees(Array("---".utf8)) || sees(Array("...".utf8))) {
                advance(3)
                emit(.punctuation, from: lineStart)
            }
            // Sequence markers: `- - key: value`.
            while peek() == UInt8(ascii: "-"), let next = peek(1), ByteClass.isWhitespace(next) {
                let dash = position
                advance()
                emit(.punctuation, from: dash)
                advance(while: ByteClass.isSpace)
            }
            let keyStart = position
            if lexYAMLKey() {
                emit(.property, from: keyStart)
                let colon = position
                advance()
                emit(.punctuation, from: colon)
            }
            if lexYAMLValue(lineStart: lineStart) { blockScalarIndent = indent }
            if !atEnd { advance() }  // the line break
        }
    }

    /// Moves past a mapping key (plain or quoted) when one starts here, stopping at its `:`. Otherwise stays.
    private mutating func lexYAMLKey() -> Bool {
        let start = position
        guard let first = peek(), first != ByteClass.newline, first != UInt8(ascii: "#") else { return false }
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            scanString(open: [first], close: [first], escape: first == UInt8(ascii: "\"") ? UInt8(ascii: "\\") : nil, multiline: false)
        } else {
            if "[{&*!|>%@`".utf8.contains(first) { return false }
            while let byte = peek(), byte != ByteClass.newline {
                if byte == UInt8(ascii: ":"), peek(1).map(ByteClass.isWhitespace) ?? true { break }
                if byte == UInt8(ascii: "#"), peek(-1).map(ByteClass.isSpace) == true { break }
                advance()
            }
        }
        if peek() == UInt8(ascii: ":"), peek(1).map(ByteClass.isWhitespace) ?? true, position > start {
            return true
        }
        position = start
        return false
    }

    /// Lexes the rest of the line as values and comments. Returns whether it opened a block scalar.
    private mutating func lexYAMLValue(lineStart: Int) -> Bool {
        var opensBlock = false
        while let byte = peek(), byte != ByteClass.newline {
            let start = position
            switch byte {
            case _ where ByteClass.isSpace(byte):
                advance(while: ByteClass.isSpace)
            case UInt8(ascii: "#") where position == lineStart || peek(-1).map(ByteClass.isSpace) == true:
                advanceToLineEnd()
                emit(.comment, from: start)
            case UInt8(ascii: "\""):
                scanString(open: [byte], close: [byte], escape: UInt8(ascii: "\\"), multiline: false)
                emit(.string, from: start)
            case UInt8(ascii: "'"):
                scanString(open: [byte], close: [byte], escape: nil, multiline: false)
                emit(.string, from: start)
            case UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"):
                advance()
                advance(while: { !ByteClass.isWhitespace($0) && !YAMLSyntax.endsPlainScalar($0) })
                emit(byte == UInt8(ascii: "!") ? .type : .variable, from: start)
            case UInt8(ascii: "|"), UInt8(ascii: ">"):
                advance()
                advance(while: { ByteClass.isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") })
                emit(.operator, from: start)
                opensBlock = true
            case _ where ",[]{}:-?".utf8.contains(byte):
                advance()
                emit(.punctuation, from: start)
            default:
                // A plain scalar: up to a comment or the end of the line (or a flow indicator).
                while let next = peek(), !YAMLSyntax.endsPlainScalar(next) {
                    if next == UInt8(ascii: "#"), peek(-1).map(ByteClass.isSpace) == true { break }
                    if next == UInt8(ascii: ":"), peek(1).map(ByteClass.isWhitespace) ?? true { break }
                    advance()
                }
                if position == start { advance() }
                var scalarEnd = position
                while scalarEnd > start, ByteClass.isSpace(bytes[scalarEnd - 1]) { scalarEnd -= 1 }
                let word = bytes[start..<scalarEnd]
                let afterScalar = position
                position = scalarEnd
                if YAMLSyntax.constants.contains(word) {
                    emit(.keyword, from: start)
                } else if Self.isYAMLNumber(word) {
                    emit(.number, from: start)
                } else {
                    emit(.string, from: start)
                }
                position = afterScalar
            }
        }
        return opensBlock
    }

    private static func isYAMLNumber(_ word: ArraySlice<UInt8>) -> Bool {
        guard let first = word.first else { return false }
        let body = first == UInt8(ascii: "-") || first == UInt8(ascii: "+") ? word.dropFirst() : word
        guard let lead = body.first, ByteClass.isDigit(lead) || lead == UInt8(ascii: ".") else { return false }
        return body.allSatisfy { ByteClass.isHexDigit($0) || "._xXoO+-".utf8.contains($0) }
    }
}
