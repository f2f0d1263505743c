// Stage 8, write. In: the rendered files. Out: a staging folder that replaces the output folder only when
// the whole build succeeded (`OutputStaging`), written with plain system calls (`FileWriter`).

import CFileSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Builds into a fresh folder beside the output folder and swaps it in only when everything succeeded,
/// so a failed build leaves the previous output exactly as it was.
///
/// - The swap is one step where the system has one (`renameat2(RENAME_EXCHANGE)` on Linux,
///   `renamex_np(RENAME_SWAP)` on macOS); the previous generation is removed only after it.
/// - Elsewhere, the previous output is first renamed aside; a build killed between the two renames
///   leaves it there, and the next build puts it back before doing anything else.
/// - An exclusive `flock` on the folder holding the output makes a second build of the same output
///   wait until the first has finished; each build stages into a folder of its own.
final class OutputStaging {
    let output: URL
    /// This build's staging folder.
    let staging: URL
    private let parent: URL
    private let name: String
    private var lockDescriptor: Int32 = -1

    /// The manifest docgen writes into every output folder: the files it wrote, one per line.
    static let manifestName = ".docgen-manifest"

    init(output: URL) {
        self.output = output
        parent = output.deletingLastPathComponent()
        name = output.lastPathComponent
        staging = parent.appendingPathComponent(".\(name).docgen-staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    deinit {
        unlock()
    }

    /// Waits for any other build of this output, recovers what a killed build left, and creates the
    /// staging folder.
    func prepare() throws(Diagnostic) {
        // Already held when the build compared the output with its cache first.
        if lockDescriptor < 0 { try lock() }
        recoverLeftovers()
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            unlock()
            throw .error(.writing, at: SourceLocation(path: output.path), "cannot create the staging folder: \(ContentScanner.reason(error))")
        }
    }

    func discard() {
        _ = FolderListing.removeTree(staging.path)
        unlock()
    }

    /// Puts the staged site in place of the output folder. Returns a warning when the previous
    /// generation could not be removed afterwards (the new site is in place all the same).
    func commit(thenWhileLocked finishing: () -> Void = {}) throws(Diagnostic) -> Diagnostic? {
        defer { unlock() }
        let warning = try swap()
        finishing()
        return warning
    }

    /// Waits for any other build of this output and holds the lock until ``release()``: for a build
    /// that only reads the output folder.
    func lockForReading() throws(Diagnostic) {
        try lock()
    }

    func release() {
        unlock()
    }

    private func swap() throws(Diagnostic) -> Diagnostic? {
        let files = FileManager.default
        var status = stat()
        guard lstat(output.path, &status) == 0 else {
            // No previous output: a plain rename.
            guard rename(staging.path, output.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? files.removeItem(at: staging)
                throw .error(.writing, at: SourceLocation(path: output.path), "cannot put the new site in place: \(reason)")
            }
            return nil
        }
        let previous: URL
        if Self.exchange(staging.path, output.path) {
            previous = staging
        } else {
            // No atomic exchange here: move the old output aside first; a crash now is recovered at the next start.
            previous = parent.appendingPathComponent(".\(name).docgen-old")
            try? files.removeItem(at: previous)
            guard rename(output.path, previous.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? files.removeItem(at: staging)
                throw .error(.writing, at: SourceLocation(path: output.path), "cannot replace the output folder: \(reason)")
            }
            guard rename(staging.path, output.path) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = rename(previous.path, output.path)
                try? files.removeItem(at: staging)
                throw .error(.writing, at: SourceLocation(path: output.path), "cannot replace the output folder: \(reason)")
            }
        }
        if let failure = FolderListing.removeTree(previous.path) {
            return .warning(
                .writing, at: SourceLocation(path: previous.path),
                "the new site is in place, but the previous one could not be removed: \(String(cString: strerror(failure)))")
        }
        return nil
    }

    // MARK: Locking and recovery

    private func lock() throws(Diagnostic) {
        let descriptor = open(parent.path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else {
            throw .error(
                .writing, at: SourceLocation(path: parent.path), "cannot open the folder that holds the output: \(String(cString: strerror(errno)))")
        }
        // Blocks while another build of an output in the same folder is running.
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .error(.writing, at: SourceLocation(path: parent.path), "cannot lock the folder that holds the output: \(reason)")
            }
        }
        lockDescriptor = descriptor
    }

    private func unlock() {
        guard lockDescriptor >= 0 else { return }
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
        lockDescriptor = -1
    }

    /// Staging folders of killed builds are removed; an old generation that is the only copy (the
    /// output is missing) is put back, never deleted.
    func recoverLeftovers() {
        let files = FileManager.default
        let retired = parent.appendingPathComponent(".\(name).docgen-old")
        var status = stat()
        if lstat(retired.path, &status) == 0 {
            if lstat(output.path, &status) != 0 {
                _ = rename(retired.path, output.path)
            } else {
                try? files.removeItem(at: retired)
            }
        }
        let prefix = ".\(name).docgen-staging-"
        // A build cache or page cache being written is `<cache>.<pid>` until it is renamed into place.
        let cacheTemporaries = [".\(name).docgen-cache.", ".\(name).docgen-cache-pages."]
        func isCacheTemporary(_ entry: String) -> Bool {
            cacheTemporaries.contains { entry.hasPrefix($0) && entry.dropFirst($0.count).allSatisfy(\.isNumber) }
        }
        for entry in (try? files.contentsOfDirectory(atPath: parent.path)) ?? [] where entry.hasPrefix(prefix) || isCacheTemporary(entry) {
            try? files.removeItem(at: parent.appendingPathComponent(entry))
        }
    }

    /// Swaps two paths in one step; false where the system cannot.
    private static func exchange(_ first: String, _ second: String) -> Bool {
        docgen_exchange_paths(first, second) == 0
    }
}

/// The manifest: which files of an output folder docgen wrote, so a later build knows it may replace
/// the folder. Deterministic: sorted paths, one per line.
enum OutputManifest {
    static let header = "# docgen manifest: the files docgen wrote here. docgen replaces this folder only when every file in it is listed.\n"

    /// Lists every file under `root` (relative paths, byte order) and writes the manifest there.
    static func write(in root: URL, adding more: [String] = []) throws {
        let files = Array(Set(listFiles(under: root) + more)).filter { $0 != OutputStaging.manifestName }.sorted {
            $0.bytesPrecede($1)
        }
        let text = header + files.map { $0 + "\n" }.joined()
        try FileWriter.write(Array(text.utf8), to: root.appendingPathComponent(OutputStaging.manifestName).path)
    }

    /// Why docgen may not replace `folder`, or `nil` when it may: it is empty, or every file in it is
    /// listed in its manifest.
    static func foreignFile(in folder: URL) -> String? {
        let present = listFiles(under: folder)
        guard !present.isEmpty else { return nil }
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(OutputStaging.manifestName).path) else {
            return present.first
        }
        let listed = Set(String(decoding: data, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
        return present.first { $0 != OutputStaging.manifestName && !listed.contains($0) }
    }

    /// Every file and symbolic link under `root`, not following links, relative paths in byte order.
    static func listFiles(under root: URL) -> [String] {
        var found: [String] = []
        _ = FolderListing.walkFiles(under: root.path, skipsUnreadable: true) { path, _ in
            found.append(path)
            return true
        }
        return found.sorted { $0.bytesPrecede($1) }
    }
}
