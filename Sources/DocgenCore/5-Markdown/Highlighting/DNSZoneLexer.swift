// DNS zone files (RFC 1035 master files, BIND): owner names, TTLs, classes, record types,
// $ORIGIN/$TTL directives, quoted text, parentheses, `;` comments.
extension HighlightLanguage {
    static let dnsZone = HighlightLanguage(
        id: "dns-zone", name: "DNS zone", aliases: ["dns", "zone", "bind", "dns-zone", "zonefile"], lex: { $0.lexDNSZone() })
}

enum DNSZoneSyntax {
    static let classes = WordTable("IN CH HS CS ANY", ignoringCase: true)
    static let recordTypes = WordTable(
        """
        A AAAA AFSDB APL CAA CDNSKEY CDS CERT CNAME CSYNC DHCID DLV DNAME DNSKEY DS EUI48 EUI64 HINFO HIP HTTPS IPSECKEY KEY KX
        LOC MX NAPTR NS NSEC NSEC3 NSEC3PARAM OPENPGPKEY PTR RP RRSIG SIG SMIMEA SOA SPF SRV SSHFP SVCB TA TKEY TLSA TSIG TXT URI ZONEMD
        """, ignoringCase: true)
    static func endsWord(_ byte: UInt8) -> Bool {
        ByteClass.isWhitespace(byte) || ";()\"".utf8.contains(byte)
    }
}

extension HighlightScanner {
    mutating func lexDNSZone() {
        var lineStart = true
        while let byte = peek() {
            let start = position
            switch byte {
            case ByteClass.newline:
                advance()
                lineStart = true
                continue
            case _ where ByteClass.isSpace(byte):
                advance(while: ByteClass.isSpace)
            case UInt8(ascii: ";"):
                advanceToLineEnd()
                emit(.comment, from: start)
            case UInt8(ascii: "\""):
                scanString(open: [byte], close: [byte], escape: UInt8(ascii: "\\"), multiline: false)
                emit(.string, from: start)
            case UInt8(ascii: "("), UInt8(ascii: ")"):
                advance()
                emit(.punctuation, from: start)
            default:
                advance(while: { !DNSZoneSyntax.endsWord($0) })
                let word = slice(from: start)
                if byte == UInt8(ascii: "$") {
                    emit(.keyword, from: start)  // $ORIGIN, $TTL, $INCLUDE, $GENERATE
                } else if lineStart {
                    emit(byte == UInt8(ascii: "@") ? .variable : .property, from: start)  // the owner name
                } else if DNSZoneSyntax.recordTypes.contains(word) {
                    emit(.type, from: start)
                } else if DNSZoneSyntax.classes.contains(word) {
                    emit(.keyword, from: start)
                } else if byte == UInt8(ascii: "@") {
                    emit(.variable, from: start)
                } else if ByteClass.isDigit(byte)
                    && word.allSatisfy({ ByteClass.isHexDigit($0) || ".:".utf8.contains($0) || "smhdwSMHDW".utf8.contains($0) })
                {
                    emit(.number, from: start)  // TTLs (3600, 1h), priorities, ports, addresses
                }
            }
            lineStart = false
        }
    }
}
