import Foundation

/// Bytes per page kept on disk until the whole site is rendered: each page's section of `print.html`,
/// and each page's search postings. The render workers append to one scratch file as they finish; the
/// parts are read back in reading order. One file instead of one per page: creating thousands of small
/// files costs more than rendering them. Memory then holds one page's part, not the site's.
final class PageParts: @unchecked Sendable {
    private let url: URL
    private let handle: FileHandle
    private let lock = NSLock()
    private var ranges: [Int: (offset: UInt64, length: Int)] = [:]
    private var end: UInt64 = 0

    init(url: URL) throws {
        self.url = url
        FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forUpdating: url)
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }

    func append(_ bytes: [UInt8], forPage page: Int) throws {
        lock.lock()
        defer { lock.unlock() }
        try handle.seek(toOffset: end)
        try handle.write(contentsOf: bytes)
        ranges[page] = (end, bytes.count)
        end += UInt64(bytes.count)
    }

    /// The part written for `page` (empty if none was).
    func part(forPage page: Int) throws -> Data {
        lock.lock()
        defer { lock.unlock() }
        guard let range = ranges[page] else { return Data() }
        try handle.seek(toOffset: range.offset)
        return try handle.read(upToCount: range.length) ?? Data()
    }
}
