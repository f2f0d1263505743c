import DocgenCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `docgen serve` was asked to do.
public struct ServeOptions: Sendable {
    /// The content folder and draft setting; the output folder is chosen by the server.
    public var build: BuildOptions
    public var host: String
    /// 0 picks a free port.
    public var port: UInt16
    public var opensBrowser: Bool
    /// The command line, for starting the rebuilt docgen the same way.
    public var arguments: [String]

    public init(build: BuildOptions, host: String = "127.0.0.1", port: UInt16 = 8000, opensBrowser: Bool = false, arguments: [String]) {
        self.build = build
        self.host = host
        self.port = port
        self.opensBrowser = opensBrowser
        self.arguments = arguments
    }
}

/// Where the server's messages go: the command line hands in its terminal printer.
public struct ServeReporter: Sendable {
    public var info: @Sendable (String) -> Void
    public var error: @Sendable (String) -> Void

    public init(info: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
        self.info = info
        self.error = error
    }
}

/// `docgen serve`: builds the site into a private temporary folder, serves it on loopback, and rebuilds
/// and reloads the open pages whenever the content (or, in docgen's own package, a template) changes.
public final class PreviewServer: @unchecked Sendable {
    public typealias Build = @Sendable (BuildOptions) -> Result<BuildReport, BuildFailure>

    private let options: ServeOptions
    private let buildSite: Build
    private let reporter: ServeReporter
    private let channel = ReloadChannel()
    private let workQueue = DispatchQueue(label: "docgen-serve.rebuild")
    private let stateLock = NSLock()
    private var pendingRoots = Set<URL>()
    private var isScheduled = false
    private var generation = 0
    private var siteErrors: [String] = []
    private var compileErrors: [String] = []
    private var shuttingDown = false
    private let processToken = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    private let finished = DispatchSemaphore(value: 0)
    private var exitStatus: Int32 = 0

    private var temporaryFolder: URL?
    private var server: HTTPListener?
    private var watcher: FolderWatcher?
    private var package: PackageRebuilder?
    private var contentFolder: URL
    private var port: UInt16 = 0
    private var signalSources: [any DispatchSourceSignal] = []
    private var pingTimer: (any DispatchSourceTimer)?

    public init(options: ServeOptions, reporter: ServeReporter, build: @escaping Build) {
        self.options = options
        self.reporter = reporter
        self.buildSite = build
        contentFolder = URL(fileURLWithPath: options.build.contentDirectory, isDirectory: true)
    }

    /// Serves until SIGINT or SIGTERM; returns the exit status.
    public func run() -> Int32 {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: contentFolder.path, isDirectory: &isFolder), isFolder.boolValue else {
            reporter.error("\(options.build.contentDisplayName ?? options.build.contentDirectory): error: content folder not found")
            return 1
        }
        let temporary: URL
        do {
            temporary = try Self.makeTemporaryFolder()
        } catch {
            reporter.error("docgen serve: error: cannot create a temporary folder: \(error.localizedDescription)")
            return 1
        }
        temporaryFolder = temporary
        installSignalHandlers()

        rebuildSite(reason: nil)
        // Ctrl-C during the first build: nothing to serve.
        if stateLock.locked({ shuttingDown }) {
            finished.wait()
            return exitStatus
        }

        let responder = SiteResponder(siteFolder: siteFolder, channel: channel)
        switch startServer(responder: responder) {
        case .failure(let message):
            reporter.error(message)
            removeTemporaryFolder()
            return 1
        case .success(let port):
            self.port = port
        }
        let url = "http://\(Self.urlHost(options.host)):\(port)/"
        reporter.info("Serving \(url) (Ctrl-C to stop)")
        reporter.info("Preview folder: \(temporary.path) (removed when the server stops)")

        package = PackageRebuilder.find(
            contentFolder: contentFolder, currentFolder: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            environment: ProcessInfo.processInfo.environment)
        var roots = [contentFolder]
        if let package {
            roots += package.watchedFolders
            reporter.info("Watching \(contentFolder.path) and docgen's own templates and sources in \(package.root.path)")
        }
        let watcher = FolderWatcher(roots: roots) { [weak self] changed in self?.schedule(changed) }
        do {
            try watcher.start()
            self.watcher = watcher
        } catch {
            reporter.error("docgen serve: \(error); pages will not rebuild by themselves")
        }
        startPings()
        if options.opensBrowser { openBrowser(url) }

        finished.wait()
        return exitStatus
    }

    // MARK: Building

    private var siteFolder: URL {
        (temporaryFolder ?? URL(fileURLWithPath: NSTemporaryDirectory())).appendingPathComponent("site", isDirectory: true)
    }

    private func schedule(_ roots: Set<URL>) {
        let shouldStart = stateLock.locked {
            guard !shuttingDown else { return false }
            pendingRoots.formUnion(roots)
            guard !isScheduled else { return false }
            isScheduled = true
            return true
        }
        if shouldStart { workQueue.async { [self] in drainPending() } }
    }

    /// Handles every change that arrived, including those that arrive while building.
    private func drainPending() {
        while true {
            let roots: Set<URL>? = stateLock.locked {
                guard !pendingRoots.isEmpty, !shuttingDown else {
                    isScheduled = false
                    return nil
                }
                let taken = pendingRoots
                pendingRoots.removeAll()
                return taken
            }
            guard let roots else { return }
            if let package, !roots.isDisjoint(with: package.watchedFolders) {
                rebuildDocgen(package)
            } else {
                rebuildSite(reason: "changed")
            }
        }
    }

    private func rebuildSite(reason: String?) {
        var build = options.build
        build.outputDirectory = siteFolder.path
        build.outputDisplayName = "the preview folder"
        build.writesOutput = true
        build.replacesAnyOutput = false
        let start = DispatchTime.now()
        let result = buildSite(build)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        switch result {
        case .success(let report):
            for warning in report.warnings { reporter.error(warning.description) }
            generation += 1
            siteErrors = []
            let buildID = "\(processToken)-\(generation)"
            channel.update {
                $0.build = buildID
                $0.errors = compileErrors
            }
            let verb = reason == nil ? "Built" : "Rebuilt"
            reporter.info("\(verb) \(report.pageCount) pages in \(String(format: "%.2f", seconds)) s")
        case .failure(let failure):
            for diagnostic in failure.diagnostics { reporter.error(diagnostic.description) }
            siteErrors = failure.diagnostics.filter { $0.severity == .error }.map(\.description)
            if siteErrors.isEmpty { siteErrors = failure.diagnostics.map(\.description) }
            channel.update { $0.errors = compileErrors + siteErrors }
            reporter.error(
                channel.current.build == nil
                    ? "docgen serve: the site does not build yet; fix the errors above and it will"
                    : "docgen serve: the build failed; still serving the last good build")
        }
    }

    /// A template or source changed: rebuild docgen itself, then become the new binary.
    private func rebuildDocgen(_ package: PackageRebuilder) {
        reporter.info("docgen's templates or sources changed: running swift build --product docgen …")
        channel.update { $0.notice = "docgen serve: rebuilding docgen (templates changed)…" }
        let start = DispatchTime.now()
        let outcome = package.build()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        switch outcome {
        case .failed(let lines):
            for line in lines { reporter.error(line) }
            reporter.error("docgen serve: swift build failed; still serving the last good build")
            compileErrors = lines
            channel.update {
                $0.notice = nil
                $0.errors = compileErrors + siteErrors
            }
        case .unchanged:
            reporter.info("swift build finished in \(String(format: "%.1f", seconds)) s; docgen did not change")
            compileErrors = []
            channel.update {
                $0.notice = nil
                $0.errors = siteErrors
            }
        case .rebuilt:
            reporter.info("Rebuilt docgen in \(String(format: "%.1f", seconds)) s; restarting on port \(port)")
            shutDown()
            let failure = package.replaceProcess(arguments: options.arguments, port: port)
            reporter.error(failure)
            finish(status: 1)
        }
    }

    // MARK: Serving

    private enum Started {
        case success(UInt16)
        case failure(String)
    }

    private func startServer(responder: SiteResponder) -> Started {
        let name = options.host == "localhost" ? "127.0.0.1" : options.host
        guard let address = HTTPListener.address(host: name, port: options.port) else {
            return .failure("docgen serve: error: --host must be an IP address such as 127.0.0.1 or ::1, not '\(options.host)'")
        }
        let server = HTTPListener()
        do {
            let port = try server.start(at: address) { method, target in responder.respond(method: method, target: target) }
            self.server = server
            return .success(port)
        } catch {
            switch HTTPListener.errorNumber(of: error) {
            case EADDRINUSE:
                return .failure(
                    "docgen serve: error: port \(options.port) on \(options.host) is already in use; choose another with --port N, or --port 0 for any free port"
                )
            case EADDRNOTAVAIL:
                return .failure("docgen serve: error: \(options.host) is not an address of this machine")
            default:
                return .failure("docgen serve: error: cannot listen on \(options.host):\(options.port): \(error)")
            }
        }
    }

    static func urlHost(_ host: String) -> String {
        let name = host == "localhost" ? "127.0.0.1" : host
        return name.contains(":") ? "[\(name)]" : name
    }

    private func startPings() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        timer.schedule(deadline: .now() + 15, repeating: 15)
        timer.setEventHandler { [weak self] in self?.channel.ping() }
        timer.resume()
        pingTimer = timer
    }

    private func openBrowser(_ url: String) {
        let environment = ProcessInfo.processInfo.environment
        #if os(macOS)
            let opener = PackageRebuilder.executableOnPath("open", environment: environment)
        #else
            let opener = PackageRebuilder.executableOnPath("xdg-open", environment: environment)
        #endif
        guard let opener else {
            reporter.info("Note: no xdg-open or open found; open \(url) in your browser")
            return
        }
        let process = Process()
        process.executableURL = opener
        process.arguments = [url]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        ProcessHandoff.closeDescriptorsOnExec()
        do {
            try process.run()
        } catch {
            reporter.info("Note: could not start \(opener.lastPathComponent) (\(error.localizedDescription)); open \(url) in your browser")
        }
    }

    // MARK: Stopping

    private func installSignalHandlers() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: DispatchQueue.global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.shutDown()
                self.reporter.info("Stopped; removed the preview folder")
                self.finish(status: 0)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Stops watching and serving and removes the temporary folder; safe to call twice.
    private func shutDown() {
        let first = stateLock.locked {
            defer { shuttingDown = true }
            return !shuttingDown
        }
        guard first else { return }
        pingTimer?.cancel()
        watcher?.stop()
        channel.finishAll()
        server?.stop()
        removeTemporaryFolder()
    }

    private func finish(status: Int32) {
        exitStatus = status
        finished.signal()
    }

    private func removeTemporaryFolder() {
        guard let temporaryFolder else { return }
        try? FileManager.default.removeItem(at: temporaryFolder)
    }

    /// A private folder (mode 700) under the system's temporary folder.
    static func makeTemporaryFolder() throws -> URL {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
        var template = Array(base.appendingPathComponent("docgen-serve-XXXXXX").path.utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return URL(fileURLWithPath: String(cString: made), isDirectory: true)
    }
}
