import Foundation

/// Writes generated files with plain `open`/`write`: Foundation's `Data.write` syncs every file to
/// disk, which for thousands of pages costs more than rendering them. The staging folder is swapped in
/// with `rename` at the end, so a crash never leaves a half-written `Output/` anyway.
enum FileWriter {
    static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
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
}

struct FileWriteError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}
