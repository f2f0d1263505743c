import Foundation

/// Writes generated files with plain `open`/`write`: Foundation's `Data.write` syncs every file to
/// disk, which for thousands of pages costs more than rendering them. The staging folder is swapped in
/// with `rename` at the end, so a crash never leaves a half-written `Output/` anyway.
///
/// A file whose bytes and permissions equal the previous generation's file of the same name
/// (`previous`) is hard-linked to it instead of written: creating thousands of inodes in a folder
/// right after thousands were deleted is what costs most on ext4, and most files of a rebuild are
/// unchanged. The previous generation is removed after the swap, so the link count drops back to one.
enum FileWriter {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, reusing previous: String? = nil) throws(FileWriteError) {
        if let previous, holdsExactly(bytes, mode: mode, at: previous), link(previous, path) == 0 { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { throw FileWriteError(code: errno) }
        defer { close(descriptor) }
        try write(bytes, toDescriptor: descriptor)
    }

    /// Writes all of `bytes` to an open file.
    static func write(_ bytes: [UInt8], toDescriptor descriptor: Int32) throws(FileWriteError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let start = buffer.baseAddress else { return 0 }
                return Foundation.write(descriptor, start + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileWriteError(code: errno)
            }
            offset += written
        }
    }

    /// Whether the regular file at `path` (not a link) has exactly these bytes and permission bits.
    static func holdsExactly(_ bytes: [UInt8], mode: mode_t, at path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_mode & 0o7777 == mode,
            status.st_size == bytes.count
        else { return false }
        // One byte more than expected, so a file that grew since the fstat is not taken as equal.
        var existing = [UInt8](repeating: 0, count: bytes.count + 1)
        var filled = 0
        while filled < existing.count {
            let got = existing.withUnsafeMutableBytes { buffer -> Int in
                guard let start = buffer.baseAddress else { return 0 }
                return read(descriptor, start + filled, buffer.count - filled)
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            filled += got
        }
        guard filled == bytes.count else { return false }
        guard !bytes.isEmpty else { return true }
        return existing.withUnsafeBytes { old in
            bytes.withUnsafeBytes { new in
                guard let oldStart = old.baseAddress, let newStart = new.baseAddress else { return false }
                return memcmp(oldStart, newStart, new.count) == 0
            }
        }
    }

    /// Copies a content file. Its permission bits are narrowed, never widened: a file only its owner
    /// may read (0600) stays so; anything else is published as 0644 at most.
    static func copy(from source: String, to destination: String, reusing previous: String? = nil) throws {
        var status = stat()
        guard stat(source, &status) == 0 else { throw FileWriteError(code: errno) }
        let folder = (destination as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        try write([UInt8](data), to: destination, mode: mode_t(status.st_mode) & 0o644, reusing: previous)
    }
}

struct FileWriteError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}
