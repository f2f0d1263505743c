// HTML and XML: tags, attributes and their values, comments, doctype and processing instructions,
// CDATA sections. Text between tags, and the contents of <script> and <style>, stay plain.
extension HighlightLanguage {
    static let html = HighlightLanguage(id: "html", name: "HTML", aliases: ["html", "htm", "xhtml"], lex: { $0.lexMarkup() })
    static let xml = HighlightLanguage(
        id: "xml", name: "XML", aliases: ["xml", "svg", "xsd", "xsl", "xslt", "plist", "rss", "atom"], lex: { $0.lexMarkup() })
}

enum MarkupSyntax {
    static func isNameByte(_ byte: UInt8) -> Bool {
        ByteClass.isIdentifierPart(byte) || "-:.".utf8.contains(byte)
    }
}

extension HighlightScanner {
    mutating func lexMarkup() {
        while let byte = peek() {
            let start = position
            guard byte == UInt8(ascii: "<") else {
                advance(while: { $0 != UInt8(ascii: "<") })
                continue
            }
            if sees(Array("<!--".utf8)) {
                advance(past: Array("-->".utf8))
                emit(.comment, from: start)
            } else if sees(Array("<![CDATA[".utf8)) {
                advance(past: Array("]]>".utf8))
                emit(.string, from: start)
            } else if sees(Array("<!".utf8)) || sees(Array("<?".utf8)) {
                // <!DOCTYPE html>, <?xml version="1.0"?>
                advance(2)
                advance(while: MarkupSyntax.isNameByte)
                emit(.keyword, from: start)
                lexMarkupAttributes()
            } else if let next = peek(1), ByteClass.isIdentifierStart(next) || next == UInt8(ascii: "/") {
                advance(next == UInt8(ascii: "/") ? 2 : 1)
                emit(.punctuation, from: start)
                let name = position
                advance(while: MarkupSyntax.isNameByte)
                emit(.tag, from: name)
                lexMarkupAttributes()
            } else {
                advance()  // a lone `<` in text
            }
        }
    }

    /// Attributes up to and including the tag's closing `>`, `/>` or `?>`.
    private mutating func lexMarkupAttributes() {
        while let byte = peek() {
            let start = position
            switch byte {
            case UInt8(ascii: ">"):
                advance()
                emit(.punctuation, from: start)
                return
            case UInt8(ascii: "/"), UInt8(ascii: "?"):
                if peek(1) == UInt8(ascii: ">") {
                    advance(2)
                    emit(.punctuation, from: start)
                    return
                }
                advance()
            case UInt8(ascii: "<"):
                return  // an unclosed tag: the next tag starts here
            case UInt8(ascii: "="):
                advance()
                emit(.operator, from: start)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                scanString(open: [byte], close: [byte], escape: nil, multiline: true)
                emit(.string, from: start)
            case _ where ByteClass.isWhitespace(byte):
                advance(while: ByteClass.isWhitespace)
            default:
                advance(while: { !ByteClass.isWhitespace($0) && !"=<>\"'/?".utf8.contains($0) })
                if position == start { advance() }
                emit(.attribute, from: start)
            }
        }
    }
}
