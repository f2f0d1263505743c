// Stage 2, scan. In: the content folder. Out: every file under it as a `ContentFile` (page, asset or the
// settings file), in a stable order, with symbolic-link loops refused.

import Foundation

/// A file found under the content folder.
struct ContentFile: Sendable, Hashable {
    enum Kind: Sendable { case page, asset, settings }

    /// Path relative to the content folder, `/`-separated.
    var relativePath: String
    /// Absolute path on disk.
    var absolutePath: String
    var kind: Kind
    /// The text of a page docgen writes itself (a home page for a folder without one); `nil` for files on disk.
    var generatedText: String? = nil
    /// What the file system said of the file when it was scanned, for the build cache.
    var stamp: FileStamp? = nil
}

/// Lists the content folder in a stable order, refusing symbolic-link loops.
///
/// Names starting with `.` are skipped (editor and VCS files); everything else is a page (`.md`),
/// the settings file (`site.yml` at the top) or an asset copied as is.
struct ContentScanner {
    /// The content folder as the user named it, for messages (`Content`).
    let displayRoot: String
    let root: URL

    func scan() throws(Diagnostic) -> [ContentFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw .error(.scanning, at: SourceLocation(path: displayRoot), "content folder not found")
        }
        guard isDirectory.boolValue else {
            throw .error(.scanning, at: SourceLocation(path: displayRoot), "the content path is a file, not a folder")
        }
        var files: [ContentFile] = []
        let rootReal = Self.realPath(root.path) ?? root.path
        try walk(directory: root.path, relative: "", ancestors: [rootReal], into: &files)
        if !files.contains(where: { $0.kind == .page }) {
            throw .error(.scanning, at: SourceLocation(path: displayRoot), "no Markdown pages (.md files) in the content folder")
        }
        return files
    }

    private func walk(directory: String, relative: String, ancestors: [String], into files: inout [ContentFile]) throws(Diagnostic) {
        let rootReal = ancestors[0]
        let entries: [FolderListing.Entry]
        switch FolderListing.entries(of: directory) {
        case .success(let listed): entries = listed
        case .failure(let error): throw .error(.scanning, at: location(relative), "cannot list folder: \(error.description)")
        }
        // Byte order, not locale order, so every machine lists the same way.
        // Indices are sorted, not the entries: each holds a whole `stat`.
        let names = entries.map { Array($0.name.utf8) }
        let order = names.indices.sorted { Self.bytesPrecede(names[$0], names[$1]) }
        for entry in order.lazy.map({ entries[$0] }) where !entry.name.hasPrefix(".") {
            let name = entry.name
            let path = directory + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            let linkStatus: stat
            switch entry.status {
            case .success(let status): linkStatus = status
            case .failure(let error): throw .error(.scanning, at: location(relativePath), "cannot read: \(error.description)")
            }
            if (linkStatus.st_mode & S_IFMT) == S_IFLNK {
                // Links are followed only to what is inside the content folder: a link to /etc or to
                // /proc/self/environ would otherwise publish it.
                guard let real = Self.realPath(path) else {
                    throw .error(.scanning, at: location(relativePath), "broken symbolic link: its target does not exist")
                }
                guard real == rootReal || real.hasPrefix(rootReal + "/") else {
                    throw .error(
                        .scanning, at: location(relativePath),
                        "symbolic link to '\(real)', outside the content folder; docgen publishes only what is inside it (copy the file in instead)")
                }
            }
            // What a link points to needs a second look; anything else was seen by lstat already.
            var status = linkStatus
            if (linkStatus.st_mode & S_IFMT) == S_IFLNK, stat(path, &status) != 0 {
                throw .error(.scanning, at: location(relativePath), "cannot read: \(String(cString: strerror(errno)))")
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                let real = Self.realPath(path) ?? path
                if let loop = ancestors.firstIndex(of: real) {
                    let target = loop == 0 ? displayRoot : displayRoot + "/" + ancestorRelative(ancestors, loop, relative)
                    throw .error(.scanning, at: location(relativePath), "symbolic link loop: this folder leads back to '\(target)'")
                }
                try walk(directory: path, relative: relativePath, ancestors: ancestors + [real], into: &files)
            case S_IFREG:
                files.append(ContentFile(relativePath: relativePath, absolutePath: path, kind: kind(of: relativePath), stamp: FileStamp(status)))
            default:
                throw .error(
                    .scanning, at: location(relativePath), "not a regular file or folder (a pipe, socket or device); docgen publishes only files")
            }
        }
    }

    /// Byte order of two names' UTF-8, by `memcmp`.
    private static func bytesPrecede(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        let common = min(left.count, right.count)
        let order = left.withUnsafeBufferPointer { a in
            right.withUnsafeBufferPointer { b in
                guard common > 0, let x = a.baseAddress, let y = b.baseAddress else { return Int32(0) }
                return memcmp(x, y, common)
            }
        }
        return order != 0 ? order < 0 : left.count < right.count
    }

    private func ancestorRelative(_ ancestors: [String], _ index: Int, _ relative: String) -> String {
        let parts = relative.split(separator: "/")
        return parts.prefix(index).joined(separator: "/")
    }

    private func kind(of relativePath: String) -> ContentFile.Kind {
        if relativePath == SiteSettings.fileName { return .settings }
        return relativePath.hasSuffix(".md") ? .page : .asset
    }

    private func location(_ relative: String) -> SourceLocation {
        SourceLocation(path: relative.isEmpty ? displayRoot : displayRoot + "/" + relative)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func reason(_ error: Error) -> String {
        if let error = error as? FileWriteError { return error.description }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }
}

/// Reads a text file as UTF-8, with a position for the first invalid byte.
enum SourceReader {
    static func read(_ file: ContentFile, displayPath: String, stage: BuildStage = .reading) throws(Diagnostic) -> String {
        if let text = file.generatedText { return text }
        // open(2) directly, so the message carries the system's reason ("Permission denied").
        let descriptor = open(file.absolutePath, O_RDONLY)
        guard descriptor >= 0 else {
            throw .error(stage, at: SourceLocation(path: displayPath), "cannot read file: \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw .error(stage, at: SourceLocation(path: displayPath), "cannot read file: \(ContentScanner.reason(error))")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8(in: bytes)
            throw .error(stage, at: SourceLocation(path: displayPath, line: line, column: column), "file is not valid UTF-8; save it as UTF-8")
        }
        var result = text
        if result.hasPrefix("\u{FEFF}") { result.removeFirst() }
        // Windows line endings would otherwise leak into the output, which must use `\n`. (memchr: a
        // byte-by-byte walk of String.utf8 cost more than reading the file.)
        let hasReturn = bytes.withUnsafeBytes { buffer in
            buffer.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\r")), buffer.count) != nil } ?? false
        }
        if hasReturn { result = result.replacingOccurrences(of: "\r\n", with: "\n") }
        return result
    }

    private static func firstInvalidUTF8(in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            var valid = length > 0 && index + length <= bytes.count
            if valid {
                for offset in 1..<max(length, 1) where bytes[index + offset] & 0xC0 != 0x80 { valid = false }
                if valid && length > 1, String(validating: bytes[index..<index + length], as: UTF8.self) == nil { valid = false }
            }
            if !valid {
                let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
                return (line, column)
            }
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        return (line, 1)
    }
}
