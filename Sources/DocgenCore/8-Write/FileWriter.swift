import Foundation

/// Writes generated files with plain `open`/`write`: Foundation's `Data.write` syncs every file to
/// disk, which for thousands of pages costs more than rendering them. The staging folder is swapped in
/// with `rename` at the end, so a crash never leaves a half-written `Output/` anyway.
enum FileWriter {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(FileWriteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { throw FileWriteError(code: errno) }
        defer { close(descriptor) }
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

    /// Copies a content file. Its permission bits are narrowed, never widened: a file only its owner
    /// may read (0600) stays so; anything else is published as 0644 at most.
    static func copy(from source: String, to destination: String) throws {
        var status = stat()
        guard stat(source, &status) == 0 else { throw FileWriteError(code: errno) }
        let folder = (destination as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        try write([UInt8](data), to: destination, mode: mode_t(status.st_mode) & 0o644)
    }
}

struct FileWriteError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}
