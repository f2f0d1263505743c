import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// docgen's own package, when the running binary was built from it: its templates and sources are
/// watched, and a change rebuilds docgen with SwiftPM and replaces the running process with the result.
struct PackageRebuilder: Sendable {
    /// The folder holding `Package.swift`.
    let root: URL
    /// The running executable, inside `root/.build`.
    let executable: URL
    /// `swift` found on the PATH.
    let swift: URL
    /// `["-c", "release"]` when the running binary is a release build (plus `--static-swift-stdlib` when
    /// it was built so: other flags would rebuild everything, into a binary that starts slower).
    let configurationArguments: [String]

    /// The folders whose changes need a new docgen.
    var watchedFolders: [URL] {
        ["Templates", "Sources"].map { root.appendingPathComponent($0, isDirectory: true) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Finds the package: the first folder holding `Package.swift` at or above the content folder, or
    /// else the current folder; only if the running executable lives in that package's `.build`.
    static func find(contentFolder: URL, currentFolder: URL, environment: [String: String]) -> PackageRebuilder? {
        guard let executable = runningExecutable(), let swift = executableOnPath("swift", environment: environment) else { return nil }
        for start in [contentFolder, currentFolder] {
            guard var folder = realPath(start) else { continue }
            while true {
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                    guard executable.path.hasPrefix(folder.appendingPathComponent(".build").path + "/") else { break }
                    let configuration = executable.deletingLastPathComponent().lastPathComponent
                    return PackageRebuilder(
                        root: folder, executable: executable, swift: swift,
                        configurationArguments: configuration == "release"
                            ? ["-c", "release"] + (linksSwiftRuntimeStatically() ? ["--static-swift-stdlib"] : []) : [])
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        return nil
    }

    /// Whether this process carries the Swift runtime inside it: no `libswiftCore.so` among its mappings.
    static func linksSwiftRuntimeStatically() -> Bool {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return false }
        return !maps.contains("/libswiftCore.so")
    }

    /// The outcome of `swift build`.
    enum Outcome: Sendable {
        /// Built, and the binary on disk is not the one running.
        case rebuilt
        /// Built, but nothing changed in the binary.
        case unchanged
        /// The compiler's `file:line:col: error: …` lines (or SwiftPM's last words when there are none).
        case failed([String])
    }

    /// Runs `swift build --product docgen` in the package.
    func build() -> Outcome {
        let before = Self.identity(of: executable)
        let process = Process()
        process.executableURL = swift
        process.arguments = ["build", "--product", executable.lastPathComponent] + configurationArguments
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        ProcessHandoff.closeDescriptorsOnExec()
        do {
            try process.run()
        } catch {
            return .failed(["\(swift.path): error: cannot run swift build: \(error.localizedDescription)"])
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let lines = Self.compilerErrors(in: text)
            if !lines.isEmpty { return .failed(lines) }
            let tail = text.split(separator: "\n").suffix(5).map(String.init)
            return .failed(["swift build: error: failed with exit status \(process.terminationStatus)"] + tail)
        }
        return Self.identity(of: executable) == before ? .unchanged : .rebuilt
    }

    /// The compiler's error lines, each once, in order.
    static func compilerErrors(in output: String) -> [String] {
        var seen = Set<String>()
        var lines: [String] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: true) {
            let text = String(line)
            guard isCompilerError(text), seen.insert(text).inserted else { continue }
            lines.append(text)
        }
        return lines
    }

    /// `path:line:col: error: message`.
    static func isCompilerError(_ line: String) -> Bool {
        guard let marker = line.range(of: ": error: ") else { return false }
        let location = line[..<marker.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
        guard location.count >= 3 else { return false }
        let numbers = location.suffix(2)
        return !location.dropLast(2).joined(separator: ":").isEmpty && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    /// Replaces this process with the newly built docgen, with the same arguments but `--open`, and the
    /// port that is listening now, so open pages reconnect to the same URL. Returns only on failure.
    func replaceProcess(arguments: [String], port: UInt16) -> String {
        var kept: [String] = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--port" {
                index += 2
                continue
            }
            if argument.hasPrefix("--port=") || argument == "--open" {
                index += 1
                continue
            }
            kept.append(argument)
            index += 1
        }
        let newArguments = [executable.path] + kept + ["--port", String(port)]
        ProcessHandoff.closeDescriptorsOnExec()
        // The signal mask and ignored signals survive exec; this thread may block or ignore SIGINT and
        // SIGTERM, and the new docgen must start able to receive them.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        var cArguments = newArguments.map { strdup($0) }
        cArguments.append(nil)
        execv(executable.path, &cArguments)
        let reason = String(cString: strerror(errno))
        for argument in cArguments { free(argument) }
        return "\(executable.path): error: cannot start the rebuilt docgen: \(reason)"
    }

    private static func identity(of file: URL) -> [Int] {
        var status = stat()
        guard stat(file.path, &status) == 0 else { return [] }
        #if canImport(Darwin)
            return [Int(status.st_ino), Int(status.st_size), Int(status.st_mtimespec.tv_sec), Int(status.st_mtimespec.tv_nsec)]
        #else
            return [Int(status.st_ino), Int(status.st_size), Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec)]
        #endif
    }

    private static func runningExecutable() -> URL? {
        #if os(Linux)
            return realPath(URL(fileURLWithPath: "/proc/self/exe"))
        #else
            return Bundle.main.executableURL.flatMap(realPath)
        #endif
    }

    static func executableOnPath(_ name: String, environment: [String: String]) -> URL? {
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    static func realPath(_ url: URL) -> URL? {
        guard let resolved = realpath(url.path, nil) else { return nil }
        defer { free(resolved) }
        return URL(fileURLWithPath: String(cString: resolved), isDirectory: false)
    }
}

/// Keeps open descriptors (the listening socket, open connections, inotify) out of programs docgen
/// starts: a browser or SwiftPM holding the listening socket would keep the port busy, and the rebuilt
/// docgen could not listen on it again.
enum ProcessHandoff {
    static func closeDescriptorsOnExec() {
        #if os(Linux)
            let folder = "/proc/self/fd"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            for name in names {
                guard let descriptor = Int32(name), descriptor > 2 else { continue }
                let flags = fcntl(descriptor, F_GETFD)
                if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
            }
        #else
            let limit = min(Int32(getdtablesize()), 65536)
            var descriptor: Int32 = 3
            while descriptor < limit {
                let flags = fcntl(descriptor, F_GETFD)
                if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
                descriptor += 1
            }
        #endif
    }
}
