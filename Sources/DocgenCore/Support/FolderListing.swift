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

extension FolderListing {
    /// Calls `visit` with the relative path and `lstat` of every file and link under `root` (folders are
    /// entered, links are not followed) until it returns false. False when `visit` stopped the walk or
    /// a folder or entry could not be read; `skipsUnreadable` passes over such entries instead.
    static func walkFiles(under root: String, skipsUnreadable: Bool = false, _ visit: (String, stat) -> Bool) -> Bool {
        func walk(_ directory: String, _ relative: String) -> Bool {
            guard case .success(let entries) = entries(of: directory) else { return skipsUnreadable }
            for entry in entries {
                guard case .success(let status) = entry.status else {
                    if skipsUnreadable { continue }
                    return false
                }
                let relativePath = relative.isEmpty ? entry.name : relative + "/" + entry.name
                if (status.st_mode & S_IFMT) == S_IFDIR {
                    guard walk(directory + "/" + entry.name, relativePath) else { return false }
                } else {
                    guard visit(relativePath, status) else { return false }
                }
            }
            return true
        }
        return walk(root, "")
    }

    /// Removes `path` and everything under it without following a symbolic link, working relative to
    /// each open folder (`unlinkat`): a previous generation of 10,000 pages goes in one pass. Returns
    /// the `errno` of the first failure, or `nil` when nothing is left.
    static func removeTree(_ path: String) -> Int32? {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            // A file or a link, or nothing at all.
            if unlink(path) == 0 || errno == ENOENT { return nil }
            return errno
        }
        let failure = removeContents(of: descriptor)
        close(descriptor)
        if let failure { return failure }
        return rmdir(path) == 0 ? nil : errno
    }

    private static func removeContents(of descriptor: Int32) -> Int32? {
        let copy = dup(descriptor)
        guard copy >= 0, let folder = fdopendir(copy) else { return errno }
        var entries: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(folder) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var isFolder = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                var status = stat()
                isFolder = fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
            }
            entries.append((name, isFolder))
        }
        closedir(folder)
        var failure: Int32?
        for (name, isFolder) in entries {
            if isFolder {
                let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else {
                    failure = failure ?? errno
                    continue
                }
                let inner = removeContents(of: child)
                close(child)
                if let inner {
                    failure = failure ?? inner
                } else if unlinkat(descriptor, name, AT_REMOVEDIR) != 0 {
                    failure = failure ?? errno
                }
            } else if unlinkat(descriptor, name, 0) != 0 {
                failure = failure ?? errno
            }
        }
        return failure
    }
}
