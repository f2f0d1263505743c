import Foundation

/// Runs the built `docgen` executable, the way a user does.
struct DocgenProcess {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `DOCGEN_BIN` if set, else the `docgen` built next to this test bundle.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["DOCGEN_BIN"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("docgen"))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("docgen"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/docgen"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? packageRoot.appendingPathComponent(".build/debug/docgen")
    }

    /// Runs docgen with `arguments` in `directory`, feeding `input` on standard input.
    static func run(_ arguments: [String], in directory: URL? = nil, input: String? = nil, executable: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable ?? Self.executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes before waiting so a large output cannot fill a pipe and stall the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self), stderr: String(decoding: errorData, as: UTF8.self)
        )
    }
}
