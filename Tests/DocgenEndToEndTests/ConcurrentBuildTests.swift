import Foundation
import Testing

/// Builds that overlap or die half-way never leave a partial site in place of the output folder.
@Suite(.serialized) struct ConcurrentBuildTests {
    /// A site big enough that a build takes a while: `count` pages in a few sections.
    static func makeSite(pages count: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-concurrent-\(UUID().uuidString)")
        let content = folder.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data("title: Busy\n".utf8).write(to: content.appendingPathComponent("site.yml"))
        try Data("---\ntitle: Home\n---\nHello.\n".utf8).write(to: content.appendingPathComponent("index.md"))
        for number in 0..<count {
            let section = content.appendingPathComponent("s\(number % 8)")
            try FileManager.default.createDirectory(at: section, withIntermediateDirectories: true)
            let body = (0..<20).map { "## Part \($0)\n\nSome text with a [link](../index.md) and `code`.\n" }.joined(separator: "\n")
            try Data("---\ntitle: Page \(number)\n---\n\(body)".utf8).write(to: section.appendingPathComponent("p\(number).md"))
        }
        return folder
    }

    static func start(in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = DocgenProcess.executable
        process.arguments = ["build", "--quiet"]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Every file the manifest lists is there, and nothing else: a whole generation of the site.
    static func expectComplete(_ output: URL, pages: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let manifest = try String(contentsOf: output.appendingPathComponent(".docgen-manifest"), encoding: .utf8)
        let listed = Set(manifest.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
        let present = Set(InstallTests.files(under: output)).subtracting([".docgen-manifest"])
        #expect(listed == present, "manifest and folder disagree", sourceLocation: sourceLocation)
        #expect(present.filter { $0.hasPrefix("s") && $0.contains("/") && $0.hasSuffix(".html") }.count == pages, sourceLocation: sourceLocation)
    }

    /// Hidden files beside the output, except the build cache, which is meant to stay.
    static func leftovers(in folder: URL) throws -> [String] {
        let caches: Set<String> = [".Output.docgen-cache", ".Output.docgen-cache-pages", ".Output.docgen-cache-print", ".Output.docgen-cache-search"]
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") && !caches.contains($0) }
    }

    @Test func twoBuildsIntoTheSameOutputAtOnce() throws {
        let pages = 400
        let folder = try Self.makeSite(pages: pages)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Self.start(in: folder)
        let second = try Self.start(in: folder)
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 0 && second.terminationStatus == 0, "the second build waits for the first")
        try Self.expectComplete(folder.appendingPathComponent("Output"), pages: pages)
        #expect(try Self.leftovers(in: folder).isEmpty)
    }

    @Test func aBuildKilledAtAnyMomentLeavesAWholeSite() throws {
        let pages = 600
        let folder = try Self.makeSite(pages: pages)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("Output")
        let initial = try Self.start(in: folder)
        initial.waitUntilExit()
        #expect(initial.terminationStatus == 0)
        // Kill builds at spread-out moments: while scanning, rendering, and around the swap.
        var generator = SystemRandomNumberGenerator()
        for delay in [0, 20, 60, 120, 200, 300, 450, 700] {
            let build = try Self.start(in: folder)
            usleep(useconds_t(delay * 1000 + Int.random(in: 0..<20, using: &generator) * 1000))
            kill(build.processIdentifier, SIGKILL)
            build.waitUntilExit()
            try Self.expectComplete(output, pages: pages)
        }
        // The next build cleans up whatever the killed ones left and succeeds.
        let final = try Self.start(in: folder)
        final.waitUntilExit()
        #expect(final.terminationStatus == 0)
        try Self.expectComplete(output, pages: pages)
        #expect(try Self.leftovers(in: folder).isEmpty, "staging folders of killed builds are removed")
    }

    /// A build that renders only an edited page renames files into the output one by one; killed at
    /// any moment, it leaves whole files, and the next build gives what a clean build gives.
    @Test func aChangedPageBuildKilledAtAnyMomentIsRepairedByTheNext() throws {
        let pages = 300
        let folder = try Self.makeSite(pages: pages)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("Output")
        // Older than the 3 seconds in which the cache does not trust a stamp.
        usleep(3_200_000)
        let initial = try Self.start(in: folder)
        initial.waitUntilExit()
        #expect(initial.terminationStatus == 0)
        let page = folder.appendingPathComponent("Content/s5/p5.md")
        let original = try String(contentsOf: page, encoding: .utf8)
        var generator = SystemRandomNumberGenerator()
        for (run, delay) in [0, 5, 15, 30, 50, 80, 120, 200].enumerated() {
            try Data((original + "\nEdit number \(run), with [a link](../index.md).\n").utf8).write(to: page)
            let build = try Self.start(in: folder)
            usleep(useconds_t(delay * 1000 + Int.random(in: 0..<10, using: &generator) * 1000))
            kill(build.processIdentifier, SIGKILL)
            build.waitUntilExit()
            try Self.expectComplete(output, pages: pages)
        }
        let final = try Self.start(in: folder)
        final.waitUntilExit()
        #expect(final.terminationStatus == 0)
        try Self.expectComplete(output, pages: pages)
        #expect(try Self.leftovers(in: folder).isEmpty, "staging folders of killed builds are removed")

        let clean = folder.appendingPathComponent("Clean")
        let process = Process()
        process.executableURL = DocgenProcess.executable
        process.arguments = ["build", "--quiet", "--clean", "--output", clean.path]
        process.currentDirectoryURL = folder
        try process.run()
        process.waitUntilExit()
        let built = InstallTests.files(under: output)
        #expect(built == InstallTests.files(under: clean))
        let differing = built.filter {
            !FileManager.default.contentsEqual(atPath: output.appendingPathComponent($0).path, andPath: clean.appendingPathComponent($0).path)
        }
        #expect(differing.isEmpty, "files unlike a clean build's: \(differing)")
    }
}
