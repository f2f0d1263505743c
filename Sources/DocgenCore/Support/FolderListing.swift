import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder's entries, each `lstat`-ed relative to the open folder (`fstatat`): no path is resolved
/// again per file, and no Foundation objects are made. Scans of 10,000 files are mostly this.
enum FolderListing {
    struct Entry {
        var name: String
        /// The entry itself (links not followed), or the `errno` of a failed look.
        var status: Result<stat, FileWriteError>
    }

    /// The entries of `path` (without `.` and `..`), in the order the system lists them.
    static func entries(of path: String) -> Result<[Entry], FileWriteError> {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(FileWriteError(code: errno)) }
        guard let folder = fdopendir(descriptor) else {
            let code = errno
            close(descriptor)
            return .failure(FileWriteError(code: code))
        }
        defer { closedir(folder) }
        var entries: [Entry] = []
        errno = 0
        while let entry = readdir(folder) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var status = stat()
            if fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 {
                entries.append(Entry(name: name, status: .success(status)))
            } else {
                entries.append(Entry(name: name, status: .failure(FileWriteError(code: errno))))
            }
            errno = 0
        }
        if errno != 0 { return .failure(FileWriteError(code: errno)) }
        return .success(entries)
    }
}
