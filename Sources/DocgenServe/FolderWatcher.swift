import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Watches folder trees and calls `onChange` with the roots that changed, once a burst of events has
/// been quiet for `quietPeriod` (editors write a file several times per save).
///
/// Linux uses inotify, one watch per folder, adding watches for folders created later. Elsewhere it
/// polls every 250 ms, comparing each file's size and modification time.
final class FolderWatcher: @unchecked Sendable {
    let roots: [URL]
    let quietPeriod: TimeInterval
    private let onChange: @Sendable (Set<URL>) -> Void
    private let stopLock = NSLock()
    private var stopped = false
    private var thread: Thread?
    #if os(Linux)
        private var inotify: Int32 = -1
        private var wakePipe: [Int32] = [-1, -1]
        private var watchedFolders: [Int32: (root: URL, folder: URL)] = [:]
    #endif

    init(roots: [URL], quietPeriod: TimeInterval = 0.05, onChange: @escaping @Sendable (Set<URL>) -> Void) {
        self.roots = roots
        self.quietPeriod = quietPeriod
        self.onChange = onChange
    }

    /// Starts watching; throws a message when the system refuses.
    func start() throws {
        #if os(Linux)
            inotify = inotify_init1(Int32(IN_CLOEXEC))
            guard inotify >= 0 else { throw WatchError("cannot watch files: inotify_init1: \(String(cString: strerror(errno)))") }
            guard pipe(&wakePipe) == 0 else { throw WatchError("cannot watch files: pipe: \(String(cString: strerror(errno)))") }
            for descriptor in wakePipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
            for root in roots { try addWatches(under: root, root: root) }
            let thread = Thread { [self] in runInotifyLoop() }
        #else
            let thread = Thread { [self] in runPollingLoop() }
        #endif
        thread.name = "docgen-serve-watcher"
        self.thread = thread
        thread.start()
    }

    func stop() {
        stopLock.locked { stopped = true }
        #if os(Linux)
            if wakePipe[1] >= 0 {
                var byte: UInt8 = 1
                _ = write(wakePipe[1], &byte, 1)
            }
        #endif
    }

    private var isStopped: Bool { stopLock.locked { stopped } }

    struct WatchError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Every folder under `folder`, itself first; hidden folders (which docgen skips) and `.build` are left out.
    static func folders(under folder: URL) -> [URL] {
        var result = [folder]
        var index = 0
        while index < result.count {
            let current = result[index]
            index += 1
            let names = (try? FileManager.default.contentsOfDirectory(atPath: current.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                let child = current.appendingPathComponent(name, isDirectory: true)
                var status = stat()
                if lstat(child.path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { result.append(child) }
            }
        }
        return result
    }

    #if os(Linux)
        private static let eventMask: UInt32 =
            UInt32(IN_CLOSE_WRITE) | UInt32(IN_MODIFY) | UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)
            | UInt32(IN_MOVED_TO) | UInt32(IN_ATTRIB) | UInt32(IN_DELETE_SELF) | UInt32(IN_ONLYDIR)

        private func addWatches(under folder: URL, root: URL) throws {
            for child in Self.folders(under: folder) {
                let watch = inotify_add_watch(inotify, child.path, Self.eventMask)
                if watch < 0 {
                    // A folder that vanished meanwhile is no problem; running out of watches is.
                    if errno == ENOENT || errno == ENOTDIR { continue }
                    throw WatchError(
                        "\(child.path): error: cannot watch this folder: \(String(cString: strerror(errno)))"
                            + (errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : ""))
                }
                watchedFolders[watch] = (root, child)
            }
        }

        private func runInotifyLoop() {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var changed = Set<URL>()
            var polls = [
                pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wakePipe[0], events: Int16(POLLIN), revents: 0),
            ]
            while !isStopped {
                // Wait without limit for the first event, then only for the quiet period.
                let timeout: Int32 = changed.isEmpty ? -1 : Int32(quietPeriod * 1000)
                let ready = poll(&polls, 2, timeout)
                if ready < 0 {
                    if errno == EINTR { continue }
                    break
                }
                if isStopped { break }
                if ready == 0 {
                    let roots = changed
                    changed.removeAll()
                    onChange(roots)
                    continue
                }
                guard polls[0].revents & Int16(POLLIN) != 0 else { continue }
                let count = read(inotify, &buffer, buffer.count)
                guard count > 0 else { continue }
                changed.formUnion(handleEvents(buffer, count: count))
            }
            close(inotify)
            close(wakePipe[0])
            close(wakePipe[1])
        }

        /// The roots the events touch; new folders get watches of their own.
        private func handleEvents(_ buffer: [UInt8], count: Int) -> Set<URL> {
            var roots = Set<URL>()
            var offset = 0
            let headerSize = MemoryLayout<inotify_event>.size
            while offset + headerSize <= count {
                let (watch, mask, nameLength) = buffer.withUnsafeBytes { raw in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameBytes = buffer[(offset + headerSize)..<min(count, offset + headerSize + nameLength)]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                offset += headerSize + nameLength
                if mask & UInt32(IN_IGNORED) != 0 {
                    watchedFolders[watch] = nil
                    continue
                }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    roots.formUnion(self.roots)
                    continue
                }
                guard let (root, folder) = watchedFolders[watch] else { continue }
                roots.insert(root)
                let isFolder = mask & UInt32(IN_ISDIR) != 0
                if isFolder, mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0, !name.hasPrefix(".") {
                    try? addWatches(under: folder.appendingPathComponent(name, isDirectory: true), root: root)
                }
            }
            return roots
        }
    #endif

    /// The fallback where there is no inotify: a snapshot of every file's size and modification time,
    /// taken every 250 ms.
    private func runPollingLoop() {
        var snapshots = Dictionary(uniqueKeysWithValues: roots.map { ($0, Self.snapshot(of: $0)) })
        var changed = Set<URL>()
        var lastChange = Date.distantPast
        while !isStopped {
            Thread.sleep(forTimeInterval: changed.isEmpty ? 0.25 : quietPeriod)
            for root in roots {
                let now = Self.snapshot(of: root)
                if now != snapshots[root] {
                    snapshots[root] = now
                    changed.insert(root)
                    lastChange = Date()
                }
            }
            if !changed.isEmpty, Date().timeIntervalSince(lastChange) >= quietPeriod {
                let roots = changed
                changed.removeAll()
                onChange(roots)
            }
        }
    }

    private static func snapshot(of root: URL) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        for folder in folders(under: root) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !name.hasPrefix(".") {
                let path = folder.appendingPathComponent(name).path
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                #if canImport(Darwin)
                    let modified = [Int(status.st_mtimespec.tv_sec), Int(status.st_mtimespec.tv_nsec)]
                #else
                    let modified = [Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec)]
                #endif
                result[path] = [Int(status.st_size)] + modified
            }
        }
        return result
    }
}
