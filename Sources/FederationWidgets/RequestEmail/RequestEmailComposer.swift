import DocgenCore
import Foundation

/// Writes a checked request as an email in three forms: plain text, an RFC 5322 message (`.eml`)
/// and a `mailto:` URL. `request-email.js` mirrors every function here byte for byte; the shared
/// vectors in `Tests/FederationWidgetsTests/Vectors/request-email.json` prove it.
///
/// The `.eml` body uses quoted-printable: it keeps every line under 78 characters and the file
/// 7-bit clean whatever the names contain (an 8bit body could exceed the 998-byte line limit with
/// a 256-character name in a non-Latin script).
public enum RequestEmailComposer {
    public static let subjectPrefix = "Public IM Connectivity provisioning request for "
    /// Lines before the field list.
    public static let opening = [
        "Hello,",
        "",
        "Please provision Public IM Connectivity (Lync-Skype connectivity) for the Lync Server deployment described below.",
        "",
    ]
    /// Lines after the field list; the contact's name follows.
    public static let closing = ["", "Thank you,"]
    /// What the body shows for an optional field left empty.
    public static let notGiven = "(not given)"
    /// The name the page offers for the downloaded message.
    public static let fileName = "provisioning-request.eml"

    public static func subject(_ request: ProvisioningRequest) -> String {
        subjectPrefix + request.enterpriseName
    }

    /// The body with `\n` line endings, ending in a line break.
    public static func body(_ request: ProvisioningRequest) -> String {
        let values: [String: String] = [
            "enterprise-name": request.enterpriseName,
            "agreement-type": request.agreementType.label,
            "agreement-number": request.agreementNumber,
            "access-proxy": request.accessProxy,
            "domain": request.domains.joined(separator: ", "),
            "network": request.networks.map(\.label).joined(separator: ", "),
            "contact-name": request.contactName,
            "contact-email": request.contactEmail,
            "contact-phone": request.contactPhone ?? notGiven,
        ]
        return body(values: values, signature: request.contactName)
    }

    /// The skeleton shown to readers without JavaScript: every field with a hint in brackets.
    public static func template() -> String {
        var values: [String: String] = [:]
        for field in RequestField.all where field.inForm {
            switch field.kind {
            case .agreementType:
                let labels = AgreementType.all.map(\.label)
                values[field.name] = "[" + labels.dropLast().joined(separator: ", ") + " or " + (labels.last ?? "") + "]"
            case .networks:
                values[field.name] = PublicIMNetwork.skype.label
            case .phone:
                values[field.name] = "[optional, such as \(field.example ?? "")]"
            default:
                values[field.name] = "[\(field.label), such as \(field.example ?? "")]"
            }
        }
        let subject = subjectPrefix + "[Enterprise Name]"
        return "Subject: \(subject)\n\n" + body(values: values, signature: "[Main Contact name]")
    }

    private static func body(values: [String: String], signature: String) -> String {
        var lines = opening
        for field in RequestField.all where field.inForm {
            lines.append("\(field.label): \(values[field.name] ?? "")")
        }
        lines += closing
        lines.append(signature)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Subject and body as one text, the form the page previews and `--format text` prints.
    public static func text(_ request: ProvisioningRequest) -> String {
        "Subject: \(subject(request))\n\n\(body(request))"
    }

    /// An RFC 5322 message with CRLF line endings. There is no `Date` unless one was given, so the
    /// output is reproducible, and no `To` unless one was given, because Microsoft's address is not
    /// public. `X-Unsent: 1` makes Outlook open the file as a draft to send.
    public static func eml(_ request: ProvisioningRequest) -> String {
        var headers: [String] = []
        if let date = request.date { headers.append("Date: \(date)") }
        headers.append("From: \(displayName(request.contactName)) <\(request.contactEmail)>")
        if let to = request.to { headers.append("To: \(to)") }
        headers.append(subjectHeader(subject(request)))
        headers += [
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "X-Unsent: 1",
        ]
        var lines = body(request).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // the body ends in a line break
        let encoded = lines.flatMap(quotedPrintable)
        return (headers + [""] + encoded).joined(separator: "\r\n") + "\r\n"
    }

    /// A `mailto:` URL (RFC 6068): UTF-8 percent-encoded, line breaks as `%0D%0A`.
    public static func mailto(_ request: ProvisioningRequest) -> String {
        var url = "mailto:"
        if let to = request.to {
            url += RequestRules.split(to, at: "@").map(percentEncoded).joined(separator: "@")
        }
        let body = body(request).replacingOccurrences(of: "\n", with: "\r\n")
        return url + "?subject=" + percentEncoded(subject(request)) + "&body=" + percentEncoded(body)
    }

    /// Every byte outside RFC 3986's unreserved set as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if RequestRules.isASCIILetterOrDigit(Unicode.Scalar(byte)) || "-._~".utf8.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + hex(byte)
            }
        }
        return result
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// Text that must be RFC 2047-encoded: non-ASCII, or something a mail reader would take for an encoded word.
    private static func needsEncodedWords(_ text: String) -> Bool {
        !text.unicodeScalars.allSatisfy(\.isASCII) || text.contains("=?")
    }

    /// `=?UTF-8?B?…?=` words of at most 39 bytes of text each (64 characters), never splitting a
    /// character, joined by folding white space.
    static func encodedWords(_ text: String) -> String {
        var chunks: [[UInt8]] = [[]]
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunks[chunks.count - 1].count + bytes.count > 39 { chunks.append([]) }
            chunks[chunks.count - 1] += bytes
        }
        return chunks.map { "=?UTF-8?B?" + Data($0).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// The `Subject` header, folded at spaces so lines stay within 78 characters where a word allows.
    static func subjectHeader(_ subject: String) -> String {
        if needsEncodedWords(subject) { return "Subject: " + encodedWords(subject) }
        var lines: [String] = []
        var line = "Subject:"
        for word in RequestRules.split(subject, at: " ") {
            if line.utf8.count + 1 + word.utf8.count > 78 && !(lines.isEmpty && line == "Subject:") {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// The contact's name as an RFC 5322 phrase: as is when it is only atoms and spaces, quoted
    /// when it has other ASCII characters, encoded words when it has non-ASCII ones.
    static func displayName(_ name: String) -> String {
        if needsEncodedWords(name) { return encodedWords(name) }
        let isAtoms = name.unicodeScalars.allSatisfy {
            RequestRules.isASCIILetterOrDigit($0) || RequestRules.emailSymbols.contains($0) || $0 == " "
        }
        if isAtoms { return name }
        var quoted = "\""
        for scalar in name.unicodeScalars {
            if scalar == "\\" || scalar == "\"" { quoted += "\\" }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }

    /// One body line as quoted-printable lines (RFC 2045 §6.7): at most 76 characters each, soft
    /// breaks as a trailing `=`, a space or tab at the end of the line encoded.
    static func quotedPrintable(_ line: String) -> [String] {
        let bytes = Array(line.utf8)
        var tokens: [String] = []
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            if (byte == 0x20 || byte == 0x09) && !isLast {
                tokens.append(String(Unicode.Scalar(byte)))
            } else if (33...126).contains(byte) && byte != UInt8(ascii: "=") {
                tokens.append(String(Unicode.Scalar(byte)))
            } else {
                tokens.append("=" + hex(byte))
            }
        }
        var lines: [String] = []
        var current = ""
        for token in tokens {
            if current.utf8.count + token.utf8.count > 75 {
                lines.append(current + "=")
                current = ""
            }
            current += token
        }
        lines.append(current)
        return lines
    }
}
