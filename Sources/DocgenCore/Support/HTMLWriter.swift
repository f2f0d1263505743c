/// A reusable byte buffer that templates write a page into.
///
/// One writer is kept per worker thread and cleared between pages, so rendering a page does not
/// reallocate its output buffer.
public struct HTMLWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 64 * 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends a fragment; interpolated strings in a literal argument are escaped.
    public mutating func write(_ html: HTML) {
        bytes.append(contentsOf: html.bytes)
    }

    /// Appends text, escaped.
    public mutating func write(text: String) {
        HTML.appendEscaped(text, to: &bytes)
    }

    /// Empties the buffer and keeps its storage for the next page.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
    }
}
