import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `docgen serve` run as a process on a free loopback port, talked to over raw sockets (so paths reach
/// the server exactly as written, `..` and all). Every test stops the server it started.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ServeTests {
    static let smallSite = [
        "Content/site.yml": "title: Serve test\n",
        "Content/index.md": "---\ntitle: Home\n---\nHello from the home page. See [setup](setup/index.md) and [notes](notes.md).\n",
        "Content/notes.md": "---\ntitle: Notes\n---\nFirst version of the notes.\n",
        "Content/setup/index.md": "---\ntitle: Setup\n---\nSetting up. Back [home](../index.md).\n",
        "Content/images/dot.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"></svg>\n",
    ]

    @Test func servesTheBuiltFilesWithTypesAndTheNotFoundPage() throws {
        let site = try EndToEndTests.makeSite(Self.smallSite)
        defer { try? FileManager.default.removeItem(at: site) }
        let built = site.appendingPathComponent("Built")
        let build = try DocgenProcess.run(["build", "--content", "Content", "--output", "Built"], in: site)
        try #require(build.status == 0, "\(build.stderr)")
        let server = try ServeProcess(site: site)
        defer { server.stop() }

        // Every file docgen build writes is served with the same bytes; HTML gets only the script.
        let files = try FileManager.default.subpathsOfDirectory(atPath: built.path).filter {
            !$0.hasPrefix(".") && !Self.isFolder(built.appendingPathComponent($0))
        }
        #expect(files.count >= 6)
        for file in files {
            let onDisk = try Data(contentsOf: built.appendingPathComponent(file))
            let response = try HTTPExchange.send(port: server.port, target: "/" + file)
            #expect(response.status == 200, "\(file)")
            #expect(response.headers["cache-control"] == "no-store", "\(file)")
            if file.hasSuffix(".html") {
                #expect(response.headers["content-type"] == "text/html; charset=utf-8", "\(file)")
                let served = String(decoding: response.body, as: UTF8.self)
                let withoutScript = served.replacingOccurrences(
                    of: #"<script src="/__docgen/live.js" data-docgen-build="[a-z0-9]+-[0-9]+"></script>\n"#, with: "",
                    options: .regularExpression)
                #expect(withoutScript == String(decoding: onDisk, as: UTF8.self), "\(file) differs from docgen build's file")
                #expect(served.contains("<script src=\"/__docgen/live.js\""), "\(file)")
            } else {
                #expect(response.body == onDisk, "\(file) differs from docgen build's file")
            }
            if file.hasSuffix(".css") { #expect(response.headers["content-type"] == "text/css; charset=utf-8") }
            if file.hasSuffix(".js") { #expect(response.headers["content-type"] == "text/javascript; charset=utf-8") }
            if file.hasSuffix(".svg") { #expect(response.headers["content-type"] == "image/svg+xml; charset=utf-8") }
        }
        // The script is never written to a file.
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Output").path))

        let home = try HTTPExchange.send(port: server.port, target: "/")
        #expect(home.status == 200)
        #expect(String(decoding: home.body, as: UTF8.self).contains("Hello from the home page"))
        let folder = try HTTPExchange.send(port: server.port, target: "/setup/")
        #expect(String(decoding: folder.body, as: UTF8.self).contains("Setting up."))
        let withoutSlash = try HTTPExchange.send(port: server.port, target: "/setup")
        #expect(withoutSlash.status == 301)
        #expect(withoutSlash.headers["location"] == "/setup/")

        let missing = try HTTPExchange.send(port: server.port, target: "/no/such/page.html")
        #expect(missing.status == 404)
        let notFoundPage = try Data(contentsOf: built.appendingPathComponent("404.html"))
        #expect(String(decoding: missing.body, as: UTF8.self).hasPrefix(String(decoding: notFoundPage.prefix(200), as: UTF8.self)))

        let head = try HTTPExchange.send(port: server.port, target: "/notes.html", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        let get = try HTTPExchange.send(port: server.port, target: "/notes.html")
        #expect(head.headers["content-length"] == String(get.body.count))

        for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
            let refused = try HTTPExchange.send(port: server.port, target: "/", method: method)
            #expect(refused.status == 405, "\(method)")
            #expect(refused.headers["allow"] == "GET, HEAD")
        }
    }

    @Test func pathsOutsideTheSiteAreRefused() throws {
        var files = Self.smallSite
        files["secret.txt"] = "TOP-SECRET-OUTSIDE-THE-SITE\n"
        let site = try EndToEndTests.makeSite(files)
        defer { try? FileManager.default.removeItem(at: site) }
        let server = try ServeProcess(site: site)
        defer { server.stop() }
        // The preview folder is <tmp>/docgen-serve-XXXXXX/site; these climb out of it in every spelling.
        let secret = site.appendingPathComponent("secret.txt").path
        let climbs = Array(repeating: "..", count: 12).joined(separator: "/")
        let targets = [
            "/../secret.txt", "/\(climbs)\(secret)", "/\(climbs)/etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/%2E%2E/etc/passwd",
            "/.%2e/.%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/..\\..\\etc\\passwd",
            "/%5c..%5c..%5cetc%5cpasswd", "/index.html%00.txt", "/%00", "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
            "/%e0%80%ae%e0%80%ae/etc/passwd", "/%25%32%65%25%32%65/etc/passwd", "/%2", "/%zz/index.html", "/./index.html",
            "/setup/../../etc/passwd", "//etc/passwd", "/%2fetc%2fpasswd", "/.docgen-manifest",
        ]
        for target in targets {
            let response = try HTTPExchange.send(port: server.port, target: target)
            #expect([400, 404].contains(response.status), "\(target) gave \(response.status)")
            let body = String(decoding: response.body, as: UTF8.self)
            #expect(!body.contains("TOP-SECRET") && !body.contains("root:"), "\(target) leaked a file")
        }
        // A file inside the site is still served with a name that needs encoding.
        #expect(try HTTPExchange.send(port: server.port, target: "/images/dot.svg").status == 200)
        #expect(try HTTPExchange.send(port: server.port, target: "/images/%64ot.svg").status == 200)
    }

    @Test func editingThePageReloadsItWithinASecond() throws {
        // The guide itself, so the measured time is the guide's.
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-serve-guide-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: site) }
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: DocgenProcess.packageRoot.appendingPathComponent("Content"), to: site.appendingPathComponent("Content"))
        let server = try ServeProcess(site: site)
        defer { server.stop() }
        let events = try EventStream(port: server.port)
        defer { events.close() }
        let first = try events.nextState(within: 5)
        let firstBuild = try #require(first.build)

        let page = site.appendingPathComponent("Content/index.md")
        let original = try String(contentsOf: page, encoding: .utf8)
        let started = Date()
        try Data((original + "\nA sentence added while serving.\n").utf8).write(to: page)
        let next = try events.nextState(within: 1, where: { $0.build != firstBuild })
        let latency = Date().timeIntervalSince(started)
        #expect(latency < 1, "reload event came \(latency) s after the save")
        print("docgen serve: reload event \(Int(latency * 1000)) ms after saving Content/index.md of the guide")
        #expect(next.errors.isEmpty)
        let home = try HTTPExchange.send(port: server.port, target: "/")
        #expect(String(decoding: home.body, as: UTF8.self).contains("A sentence added while serving."))
        #expect(String(decoding: home.body, as: UTF8.self).contains("data-docgen-build=\"\(next.build ?? "")\""))
    }

    @Test func aBrokenPageShowsItsErrorAndTheLastGoodSiteStays() throws {
        let site = try EndToEndTests.makeSite(Self.smallSite)
        defer { try? FileManager.default.removeItem(at: site) }
        let server = try ServeProcess(site: site)
        defer { server.stop() }
        let events = try EventStream(port: server.port)
        defer { events.close() }
        let first = try events.nextState(within: 5)

        let notes = site.appendingPathComponent("Content/notes.md")
        try Data("---\ntitle: Notes\norder: soon\n---\nBroken version.\n".utf8).write(to: notes)
        let broken = try events.nextState(within: 2, where: { !$0.errors.isEmpty })
        #expect(broken.errors == ["Content/notes.md:3:8: error: 'order' must be an integer, not a string"])
        #expect(broken.build == first.build)
        #expect(server.waitForError(containing: "Content/notes.md:3:8: error: 'order' must be an integer", within: 2))
        // The status endpoint says the same, and the last good page is still served.
        let status = try HTTPExchange.send(port: server.port, target: "/__docgen/status")
        #expect(status.headers["content-type"] == "application/json; charset=utf-8")
        #expect(try JSONDecoder().decode(ServeStatus.self, from: status.body).errors == broken.errors)
        let stale = try HTTPExchange.send(port: server.port, target: "/notes.html")
        #expect(String(decoding: stale.body, as: UTF8.self).contains("First version of the notes."))

        try Data("---\ntitle: Notes\norder: 2\n---\nFixed version.\n".utf8).write(to: notes)
        let fixed = try events.nextState(within: 2, where: { $0.errors.isEmpty })
        #expect(fixed.build != first.build)
        let fresh = try HTTPExchange.send(port: server.port, target: "/notes.html")
        #expect(String(decoding: fresh.body, as: UTF8.self).contains("Fixed version."))
    }

    @Test func newFoldersAreWatchedToo() throws {
        let site = try EndToEndTests.makeSite(Self.smallSite)
        defer { try? FileManager.default.removeItem(at: site) }
        let server = try ServeProcess(site: site)
        defer { server.stop() }
        let events = try EventStream(port: server.port)
        defer { events.close() }
        let first = try events.nextState(within: 5)
        let folder = site.appendingPathComponent("Content/later/deeper")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("---\ntitle: Deep\n---\nOne.\n".utf8).write(to: folder.appendingPathComponent("page.md"))
        let second = try events.nextState(within: 2, where: { $0.build != first.build })
        // Give the watcher's new watch a moment to exist, then edit inside the new folder only.
        Thread.sleep(forTimeInterval: 0.2)
        let settled = try events.latestState(after: 0.3) ?? second
        try Data("---\ntitle: Deep\n---\nTwo.\n".utf8).write(to: folder.appendingPathComponent("page.md"))
        _ = try events.nextState(within: 2, where: { $0.build != settled.build })
        let page = try HTTPExchange.send(port: server.port, target: "/later/deeper/page.html")
        #expect(String(decoding: page.body, as: UTF8.self).contains("Two."))
    }

    @Test func aBusyPortIsOneClearLine() throws {
        let site = try EndToEndTests.makeSite(Self.smallSite)
        defer { try? FileManager.default.removeItem(at: site) }
        let (listener, port) = try Self.listenOnFreePort()
        defer { close(listener) }
        let outcome = try DocgenProcess.run(["serve", "--content", "Content", "--port", String(port)], in: site)
        #expect(outcome.status == 1)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(
            outcome.stderr.contains("port \(port) on 127.0.0.1 is already in use; choose another with --port N, or --port 0"), "\(outcome.stderr)")
        #expect(!outcome.stdout.contains("Serving"))
    }

    @Test func interruptStopsAndRemovesThePreviewFolder() throws {
        let site = try EndToEndTests.makeSite(Self.smallSite)
        defer { try? FileManager.default.removeItem(at: site) }
        let server = try ServeProcess(site: site)
        let folder = try #require(server.previewFolder)
        #expect(FileManager.default.fileExists(atPath: folder + "/site/index.html"))
        // An open events stream must not hold the server up.
        let events = try EventStream(port: server.port)
        defer { events.close() }
        _ = try events.nextState(within: 5)
        let status = server.interrupt(signal: SIGINT)
        #expect(status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(server.output.contains("Stopped"))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Output").path))

        let other = try ServeProcess(site: site)
        let otherFolder = try #require(other.previewFolder)
        #expect(other.interrupt(signal: SIGTERM) == 0)
        #expect(!FileManager.default.fileExists(atPath: otherFolder))
    }

    @Test func aSiteThatDoesNotBuildYetIsServedOnceFixed() throws {
        var files = Self.smallSite
        files["Content/index.md"] = "---\ntitle: Home\n---\nSee [missing](missing.md).\n"
        let site = try EndToEndTests.makeSite(files)
        defer { try? FileManager.default.removeItem(at: site) }
        let server = try ServeProcess(site: site)
        defer { server.stop() }
        let waiting = try HTTPExchange.send(port: server.port, target: "/")
        #expect(waiting.status == 503)
        #expect(String(decoding: waiting.body, as: UTF8.self).contains("/__docgen/live.js"))
        let events = try EventStream(port: server.port)
        defer { events.close() }
        let first = try events.nextState(within: 5)
        #expect(first.build == nil)
        #expect(first.errors.count == 1 && first.errors[0].hasPrefix("Content/index.md:4:5: error: link to 'missing.md'"), "\(first.errors)")
        try Data("---\ntitle: Home\n---\nNow fine.\n".utf8).write(to: site.appendingPathComponent("Content/index.md"))
        let fixed = try events.nextState(within: 2, where: { $0.build != nil })
        #expect(fixed.errors.isEmpty)
        #expect(try HTTPExchange.send(port: server.port, target: "/").status == 200)
    }

    // MARK: Helpers

    static func isFolder(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    }

    static func swiftOnPath() -> URL? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("swift")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    static func listenOnFreePort() throws -> (Int32, UInt16) {
        let descriptor = socket(AF_INET, Socket.stream, 0)
        guard descriptor >= 0 else { throw HTTPExchange.Failure("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 4) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw HTTPExchange.Failure("cannot listen on a free port")
        }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }
}

/// docgen rebuilding itself while serving: a clean build of a copy of the package first, so slow.
@Suite(.timeLimit(.minutes(30))) struct ServeTemplateTests {
    /// Needs a clean build of a copy of the package (minutes): run with DOCGEN_SLOW_TESTS=1.
    @Test(
        .enabled(if: ProcessInfo.processInfo.environment["DOCGEN_SLOW_TESTS"] == "1", "slow: set DOCGEN_SLOW_TESTS=1"))
    func aTemplateEditRebuildsDocgenAndServesTheChange() throws {
        let package = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-serve-package-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: package) }
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        for name in ["Package.swift", "Sources", "Templates", "Content", "Tests"] {
            try FileManager.default.copyItem(at: DocgenProcess.packageRoot.appendingPathComponent(name), to: package.appendingPathComponent(name))
        }
        let swift = try #require(ServeTests.swiftOnPath())
        let build = try DocgenProcess.run(["build", "--product", "docgen"], in: package, executable: swift)
        try #require(build.status == 0, "\(build.stdout)\(build.stderr)")
        let docgen = package.appendingPathComponent(".build/debug/docgen")
        let server = try ServeProcess(site: package, executable: docgen, startupTimeout: 60)
        defer { server.stop() }
        #expect(server.output.contains("docgen's own templates"), "\(server.output)")
        let port = server.port
        var events = try EventStream(port: port)
        let first = try events.nextState(within: 5)

        let layout = package.appendingPathComponent("Templates/Layouts/BaseLayout.swift")
        let original = try String(contentsOf: layout, encoding: .utf8)
        // A compile error first: the overlay gets the compiler's line.
        try Data((original + "\nlet brokenOnPurpose: Int = \"text\"\n").utf8).write(to: layout)
        let failed = try events.nextState(within: 600, where: { !$0.errors.isEmpty })
        #expect(failed.errors.contains { $0.contains("BaseLayout.swift:") && $0.contains(": error: ") }, "\(failed.errors)")
        #expect(failed.build == first.build)

        // Then a real change: docgen rebuilds, replaces itself on the same port, and serves it.
        let marker = "<!-- changed while serving -->"
        let changed = original.replacingOccurrences(of: "<!DOCTYPE html>", with: "<!DOCTYPE html>\(marker)")
        try #require(changed != original, "BaseLayout.swift no longer writes '<!DOCTYPE html>'")
        try Data(changed.utf8).write(to: layout)
        let saved = Date()
        events.close()
        let deadline = Date().addingTimeInterval(600)
        var served = ""
        while Date() < deadline {
            if let page = try? HTTPExchange.send(port: port, target: "/") {
                served = String(decoding: page.body, as: UTF8.self)
                if served.contains(marker) { break }
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(served.contains(marker))
        print("docgen serve: template edit served \(Int(Date().timeIntervalSince(saved))) s after saving (swift build and restart)")
        events = try EventStream(port: port)
        defer { events.close() }
        let after = try events.nextState(within: 5)
        #expect(after.errors.isEmpty)
        #expect(after.build != first.build)
        #expect(server.isRunning, "the server's process id must survive the exec")
        // Ctrl-C still stops the replaced process cleanly.
        let folder = server.previewFolderAfterRestart
        #expect(server.interrupt(signal: SIGINT) == 0)
        if let folder { #expect(!FileManager.default.fileExists(atPath: folder)) }
    }
}

extension NSLock {
    func locked<Value>(_ body: () throws -> Value) rethrows -> Value {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// The socket calls whose names or flags differ between Linux and macOS.
enum Socket {
    #if canImport(Glibc)
        static let stream = Int32(SOCK_STREAM.rawValue)
        static func connect(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
            Glibc.connect(descriptor, address, length)
        }
        static func send(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
            Glibc.send(descriptor, bytes, count, Int32(MSG_NOSIGNAL))
        }
        static func close(_ descriptor: Int32) { _ = Glibc.close(descriptor) }
    #else
        static let stream = SOCK_STREAM
        static func connect(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
            Darwin.connect(descriptor, address, length)
        }
        static func send(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
            var on: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
            return Darwin.send(descriptor, bytes, count, 0)
        }
        static func close(_ descriptor: Int32) { _ = Darwin.close(descriptor) }
    #endif
}

struct ServeStatus: Decodable, Equatable {
    var build: String?
    var errors: [String]
}

/// A running `docgen serve --port 0`, started in `site` (which holds `Content/`).
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var stdoutText = ""
    private var stderrText = ""
    private(set) var port: UInt16 = 0

    init(site: URL, executable: URL? = nil, startupTimeout: TimeInterval = 30) throws {
        process.executableURL = executable ?? DocgenProcess.executable
        process.arguments = ["serve", "--content", "Content", "--port", "0"]
        process.currentDirectoryURL = site
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.locked { self.stdoutText += String(decoding: data, as: UTF8.self) }
        }
        stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.locked { self.stderrText += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(startupTimeout)
        while Date() < deadline, process.isRunning {
            if let match = output.firstMatch(of: /Serving http:\/\/127\.0\.0\.1:([0-9]+)\//), let port = UInt16(match.1) {
                self.port = port
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        stop()
        throw HTTPExchange.Failure("docgen serve did not print its URL:\n\(output)\n\(errors)")
    }

    var output: String { lock.locked { stdoutText } }
    var errors: String { lock.locked { stderrText } }
    var isRunning: Bool { process.isRunning }

    var previewFolder: String? {
        output.firstMatch(of: /Preview folder: (\S+)/).map { String($0.1) }
    }

    /// The preview folder named last (a restarted docgen makes a new one).
    var previewFolderAfterRestart: String? {
        output.matches(of: /Preview folder: (\S+)/).last.map { String($0.1) }
    }

    func waitForError(containing text: String, within seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if errors.contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    /// Sends the signal and waits (at most 10 s) for the exit status.
    @discardableResult
    func interrupt(signal number: Int32) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, number)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    func stop() {
        interrupt(signal: SIGINT)
    }
}

/// One HTTP/1.1 request over a fresh loopback connection, target sent byte for byte.
enum HTTPExchange {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    static func connect(port: UInt16, timeout: Int = 5) throws -> Int32 {
        let descriptor = socket(AF_INET, Socket.stream, 0)
        guard descriptor >= 0 else { throw Failure("socket failed") }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Socket.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw Failure("cannot connect to 127.0.0.1:\(port)")
        }
        return descriptor
    }

    static func write(_ text: String, to descriptor: Int32) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Socket.send(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure("send failed") }
            sent += count
        }
    }

    static func send(port: UInt16, target: String, method: String = "GET") throws -> Response {
        let descriptor = try connect(port: port)
        defer { close(descriptor) }
        try write("\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", to: descriptor)
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
            if let response = parse(data, isHead: method == "HEAD") { return response }
        }
        guard let response = parse(data, isHead: method == "HEAD") else { throw Failure("no complete response to \(method) \(target)") }
        return response
    }

    /// A complete response (Content-Length framed), or nil while more bytes are needed.
    static func parse(_ data: Data, isHead: Bool) -> Response? {
        guard let end = data.firstRange(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = data[end.upperBound...]
        if isHead { return Response(status: status, headers: headers, body: Data()) }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard body.count >= length else { return nil }
        return Response(status: status, headers: headers, body: Data(body.prefix(length)))
    }
}

/// The Server-Sent Events stream of `/__docgen/events`, decoded (chunked transfer, then `data:` lines).
final class EventStream {
    private let descriptor: Int32
    private var raw = Data()
    private var decoded = Data()
    private var headerDone = false
    private var isClosed = false

    init(port: UInt16) throws {
        descriptor = try HTTPExchange.connect(port: port, timeout: 1)
        try HTTPExchange.write("GET /__docgen/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n", to: descriptor)
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Socket.close(descriptor)
    }

    deinit { close() }

    /// The next state matching `condition`, waiting at most `seconds`.
    func nextState(within seconds: TimeInterval, where condition: (ServeStatus) -> Bool = { _ in true }) throws -> ServeStatus {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            while let state = takeEvent() {
                if condition(state) { return state }
            }
            try receive(until: deadline)
        }
        throw HTTPExchange.Failure("no matching event within \(seconds) s")
    }

    /// The last state that arrives within `seconds`, if any.
    func latestState(after seconds: TimeInterval) throws -> ServeStatus? {
        let deadline = Date().addingTimeInterval(seconds)
        var latest: ServeStatus?
        while Date() < deadline {
            try receive(until: deadline)
            while let state = takeEvent() { latest = state }
        }
        return latest
    }

    private func receive(until deadline: Date) throws {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let wait = Int32(max(0, min(200, deadline.timeIntervalSinceNow * 1000)))
        guard poll(&poller, 1, wait) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 16384)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { throw HTTPExchange.Failure("the events stream closed") }
        raw.append(contentsOf: buffer[0..<count])
        dechunk()
    }

    private func dechunk() {
        if !headerDone {
            guard let end = raw.firstRange(of: Data("\r\n\r\n".utf8)) else { return }
            raw = Data(raw[end.upperBound...])
            headerDone = true
        }
        while let lineEnd = raw.firstRange(of: Data("\r\n".utf8)) {
            guard let size = Int(String(decoding: raw[..<lineEnd.lowerBound], as: UTF8.self), radix: 16) else { return }
            let start = lineEnd.upperBound
            guard raw.count - (start - raw.startIndex) >= size + 2 else { return }
            decoded.append(raw[start..<(start + size)])
            raw = Data(raw[(start + size + 2)...])
        }
    }

    private func takeEvent() -> ServeStatus? {
        while let end = decoded.firstRange(of: Data("\n\n".utf8)) {
            let event = String(decoding: decoded[..<end.lowerBound], as: UTF8.self)
            decoded = Data(decoded[end.upperBound...])
            let data = event.split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { $0.dropFirst(6) }.joined(separator: "\n")
            if data.isEmpty { continue }
            if let state = try? JSONDecoder().decode(ServeStatus.self, from: Data(data.utf8)) { return state }
        }
        return nil
    }
}
