/// A fragment of HTML.
///
/// Strings interpolated into an `HTML` literal are escaped; only values that are already `HTML`
/// pass through unchanged. So `"<a href=\"\(url)\">\(title)</a>"` is safe whatever `url` and
/// `title` hold, and raw markup has to be asked for by name with ``HTML/init(renderedByDocgen:)``.
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation {
    /// The UTF-8 bytes of the fragment.
    public private(set) var bytes: [UInt8]

    /// The empty fragment.
    public static let empty = HTML(bytes: [])

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Markup that docgen produced itself (libcmark's output, widget markup built from escaped parts).
    /// Never pass text from a user or from `Content/` through here.
    public init(renderedByDocgen markup: String) {
        self.bytes = Array(markup.utf8)
    }

    public init(stringLiteral literal: String) {
        self.bytes = Array(literal.utf8)
    }

    public init(stringInterpolation: Interpolation) {
        self.bytes = stringInterpolation.bytes
    }

    /// Text escaped for use in element content and in quoted attribute values.
    public init(escaping text: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        HTML.appendEscaped(text, to: &bytes)
        self.bytes = bytes
    }

    public var isEmpty: Bool { bytes.isEmpty }

    /// The fragment as a Swift string.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func append(_ other: HTML) {
        bytes.append(contentsOf: other.bytes)
    }

    /// Joins fragments with a separator.
    public static func joined<S: Sequence>(_ parts: S, separator: HTML = .empty) -> HTML where S.Element == HTML {
        var result: [UInt8] = []
        var first = true
        for part in parts {
            if !first { result.append(contentsOf: separator.bytes) }
            first = false
            result.append(contentsOf: part.bytes)
        }
        return HTML(bytes: result)
    }

    static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        // Runs without a special character are appended whole: most text has none.
        var text = text
        text.withUTF8 { source in
            var runStart = 0
            for index in 0..<source.count {
                let entity: StaticString
                switch source[index] {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                if index > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index])) }
                entity.withUTF8Buffer { bytes.append(contentsOf: $0) }
                runStart = index + 1
            }
            if runStart < source.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<source.count])) }
        }
    }

    /// Collects literal markup as is and escapes every interpolated string.
    public struct Interpolation: StringInterpolationProtocol {
        var bytes: [UInt8]

        public init(literalCapacity: Int, interpolationCount: Int) {
            bytes = []
            bytes.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) {
            bytes.append(contentsOf: literal.utf8)
        }

        /// Text: always escaped.
        public mutating func appendInterpolation(_ text: String) {
            HTML.appendEscaped(text, to: &bytes)
        }

        /// Optional text: nothing when `nil`.
        public mutating func appendInterpolation(_ text: String?) {
            if let text { HTML.appendEscaped(text, to: &bytes) }
        }

        /// Markup: inserted unchanged.
        public mutating func appendInterpolation(_ html: HTML) {
            bytes.append(contentsOf: html.bytes)
        }

        public mutating func appendInterpolation(_ number: Int) {
            bytes.append(contentsOf: String(number).utf8)
        }

        /// Several fragments in a row.
        public mutating func appendInterpolation<S: Sequence>(_ parts: S) where S.Element == HTML {
            for part in parts { bytes.append(contentsOf: part.bytes) }
        }
    }
}
