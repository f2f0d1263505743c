/// A request target's path, decoded strictly: every way of naming something outside the site is refused
/// before any file is looked at.
public struct RequestPath: Equatable, Sendable {
    /// The decoded segments, none empty, `.` or `..`, none holding `/`, `\` or a control character.
    public var segments: [String]
    /// The path ended with `/` (a folder URL), or was `/` itself.
    public var endsWithSlash: Bool

    /// Decodes the raw (still percent-encoded) path of a request target; `nil` refuses it.
    ///
    /// Refused: a path not starting with `/`; raw bytes that are not printable ASCII or are `\`;
    /// `%` not followed by two hex digits; a decoded byte that is a control character, `/` (`%2f`) or
    /// `\` (`%5c`); a segment that is not valid UTF-8 once decoded (which includes overlong forms such
    /// as `%c0%ae`); and `.` or `..` segments in any spelling (`%2e%2e`).
    public init?(rawPath: String) {
        let bytes = Array(rawPath.utf8)
        guard bytes.first == UInt8(ascii: "/"), bytes.count <= 4096 else { return nil }
        var segments: [String] = []
        for rawSegment in bytes.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard let decoded = Self.decode(rawSegment) else { return nil }
            if decoded.isEmpty { continue }
            guard decoded != "." && decoded != ".." else { return nil }
            segments.append(decoded)
        }
        self.segments = segments
        endsWithSlash = bytes.last == UInt8(ascii: "/")
    }

    private static func decode(_ raw: ArraySlice<UInt8>) -> String? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
            if byte == UInt8(ascii: "%") {
                guard index + 2 < raw.endIndex, let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2]) else {
                    return nil
                }
                let value = high << 4 | low
                guard value >= 0x20, value != 0x7F, value != UInt8(ascii: "/"), value != UInt8(ascii: "\\") else { return nil }
                decoded.append(value)
                index += 3
            } else {
                decoded.append(byte)
                index += 1
            }
        }
        // Invalid UTF-8 (overlong forms, surrogates, stray bytes) decodes to U+FFFD and so does not round-trip.
        let text = String(decoding: decoded, as: UTF8.self)
        return Array(text.utf8) == decoded ? text : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
