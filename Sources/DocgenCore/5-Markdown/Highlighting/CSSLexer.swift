// CSS: selectors (tags, .classes, #ids, :pseudo-classes), @rules, properties and their values,
// custom properties, !important, comments. Whether a `{…}` block holds declarations or nested
// rules is told from the next `;`, `{` or `}`, found by one backward pass over the code.
extension HighlightLanguage {
    static let css = HighlightLanguage(id: "css", name: "CSS", aliases: ["css"], lex: { $0.lexCSS() })
}

extension HighlightScanner {
    mutating func lexCSS() {
        // nextDelimiter[i]: the first of `;`, `{`, `}` at or after i (0 when there is none).
        var nextDelimiter = [UInt8](repeating: 0, count: end - position + 1)
        var index = end - 1
        while index >= position {
            let byte = bytes[index]
            nextDelimiter[index - position] =
                byte == UInt8(ascii: ";") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") ? byte : nextDelimiter[index - position + 1]
            _ = peek(index - position)
            index -= 1
        }
        let base = position
        var depth = 0
        var inValue = false
        var inDeclarationBlock = false
        while let byte = peek() {
            let start = position
            switch byte {
            case _ where ByteClass.isWhitespace(byte):
                advance(while: ByteClass.isWhitespace)
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                scanBlockComment(open: Array("/*".utf8), close: Array("*/".utf8), nests: false)
                emit(.comment, from: start)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                scanString(open: [byte], close: [byte], escape: UInt8(ascii: "\\"), multiline: false)
                emit(.string, from: start)
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ";"):
                advance()
                emit(.punctuation, from: start)
                if byte == UInt8(ascii: "{") { depth += 1 } else if byte == UInt8(ascii: "}") { depth = max(0, depth - 1) }
                inValue = false
                // A block holds declarations unless its next delimiter opens a nested rule.
                inDeclarationBlock = depth > 0 && nextDelimiter[position - base] != UInt8(ascii: "{")
            case UInt8(ascii: ":") where inDeclarationBlock && !inValue:
                advance()
                emit(.punctuation, from: start)
                inValue = true
            case UInt8(ascii: "@"):
                advance()
                advance(while: { ByteClass.isIdentifierPart($0) || $0 == UInt8(ascii: "-") })
                emit(.keyword, from: start)
            case UInt8(ascii: "!") where inValue:
                advance()
                advance(while: ByteClass.isLetter)
                emit(.keyword, from: start)
            case UInt8(ascii: "#"):
                advance()
                advance(while: { ByteClass.isIdentifierPart($0) || $0 == UInt8(ascii: "-") })
                emit(inValue ? .number : .attribute, from: start)
            case _
            where inValue
                && (ByteClass.isDigit(byte) || (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")) && peek(1).map(ByteClass.isDigit) == true):
                advance()
                advance(while: { ByteClass.isDigit($0) || $0 == UInt8(ascii: ".") })
                advance(while: { ByteClass.isLetter($0) || $0 == UInt8(ascii: "%") })
                emit(.number, from: start)
            case _ where ByteClass.isIdentifierStart(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "."):
                let prefix = byte == UInt8(ascii: ".") ? 1 : 0
                advance(prefix)
                advance(while: { ByteClass.isIdentifierPart($0) || $0 == UInt8(ascii: "-") })
                if position == start { advance() }
                let isCustomProperty = bytes[start] == UInt8(ascii: "-") && position - start > 1 && bytes[start + 1] == UInt8(ascii: "-")
                if inValue {
                    // Plain value words (`solid`, `auto`) stay plain.
                    if isCustomProperty {
                        emit(.variable, from: start)
                    } else if peek() == UInt8(ascii: "(") {
                        emit(.function, from: start)
                    }
                } else if inDeclarationBlock {
                    emit(isCustomProperty ? .variable : .property, from: start)
                } else {
                    emit(prefix == 1 ? .attribute : .tag, from: start)
                }
            case UInt8(ascii: ":"):
                // A pseudo-class or pseudo-element in a selector.
                advance(while: { $0 == UInt8(ascii: ":") })
                advance(while: { ByteClass.isIdentifierPart($0) || $0 == UInt8(ascii: "-") })
                emit(.keyword, from: start)
            case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","):
                advance()
                emit(.punctuation, from: start)
            default:
                advance()
                if ">+~*=|^$".utf8.contains(byte) { emit(.operator, from: start) }
            }
        }
    }
}
