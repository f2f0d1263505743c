import CFileSystem
import Foundation

/// Bytes per page kept on disk until the whole site is rendered: each page's section of `print.html`,
/// and each page's search postings. The render workers append to one scratch file as they finish; the
/// parts are read back in reading order. One file instead of one per page: creating thousands of small
/// files costs more than rendering them. Memory then holds one page's part, not the site's.
///
/// After a build without messages the file is kept beside the output (``keep(at:)``), so a later build
/// that renders only a changed page can reassemble `print.html` and the search index from it
/// (``init(reopening:ranges:)``); that build's parts are appended after the old ones.
final class PageParts: @unchecked Sendable {
    struct Range: Hashable, Sendable {
        var offset: UInt64
        var length: Int
    }

    private var url: URL
    private let handle: FileHandle
    private let lock = NSLock()
    private var ranges: [Int: Range] = [:]
    private var end: UInt64 = 0
    /// Whether the file outlives this object (it was kept, or it was reopened).
    private var isKept = false

    init(url: URL) throws {
        self.url = url
        FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forUpdating: url)
    }

    /// Opens a kept file whose parts are at `ranges`; `nil` when the file is missing or shorter.
    init?(reopening url: URL, ranges: [Int: Range]) {
        var status = stat()
        guard lstat(url.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, let handle = try? FileHandle(forUpdating: url) else {
            return nil
        }
        let size = UInt64(status.st_size)
        guard ranges.values.allSatisfy({ $0.offset + UInt64($0.length) <= size }) else {
            try? handle.close()
            return nil
        }
        (self.url, self.handle, self.ranges, self.end, self.isKept) = (url, handle, ranges, size, true)
    }

    deinit {
        try? handle.close()
        if !isKept { try? FileManager.default.removeItem(at: url) }
    }

    /// Bytes the parts take.
    var usedBytes: UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return ranges.values.reduce(0) { $0 + UInt64($1.length) }
    }

    /// Bytes no part points at any more: parts replaced by later builds.
    var unusedBytes: UInt64 {
        let used = usedBytes
        lock.lock()
        defer { lock.unlock() }
        return end - used
    }

    func range(forPage page: Int) -> Range? {
        lock.lock()
        defer { lock.unlock() }
        return ranges[page]
    }

    /// Moves the file to `destination` (replacing what is there) and keeps it after this object is gone.
    func keep(at destination: URL) throws {
        lock.lock()
        defer { lock.unlock() }
        guard rename(url.path, destination.path) == 0 else { throw FileWriteError(code: errno) }
        url = destination
        isKept = true
    }

    /// A copy at `url` holding only the parts pages point at, for pages `0..<pages`.
    func compacted(into url: URL, pages: Int) throws -> PageParts {
        let copy = try PageParts(url: url)
        for page in 0..<pages where range(forPage: page) != nil {
            try copy.append(try part(forPage: page), forPage: page)
        }
        return copy
    }

    func append(_ bytes: [UInt8], forPage page: Int) throws {
        lock.lock()
        defer { lock.unlock() }
        try handle.seek(toOffset: end)
        try handle.write(contentsOf: bytes)
        ranges[page] = Range(offset: end, length: bytes.count)
        end += UInt64(bytes.count)
    }

    /// The part written for `page` (empty if none was).
    func part(forPage page: Int) throws -> [UInt8] {
        guard let range = range(forPage: page), range.length > 0 else { return [] }
        let descriptor = handle.fileDescriptor
        return try [UInt8](unsafeUninitializedCapacity: range.length) { buffer, count in
            count = 0
            guard let start = buffer.baseAddress else { return }
            while count < range.length {
                let got = pread(descriptor, start + count, range.length - count, off_t(range.offset) + off_t(count))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { throw FileWriteError(code: got == 0 ? EIO : errno) }
                count += got
            }
        }
    }

    /// Appends the part written for `page` to the open file `descriptor`, without reading it into memory.
    func copyPart(forPage page: Int, to descriptor: Int32) throws {
        guard let range = range(forPage: page), range.length > 0 else { return }
        let copied = docgen_copy_range(handle.fileDescriptor, Int64(range.offset), descriptor, Int64(range.length))
        guard copied == Int64(range.length) else { throw FileWriteError(code: copied < 0 ? errno : EIO) }
    }
}
