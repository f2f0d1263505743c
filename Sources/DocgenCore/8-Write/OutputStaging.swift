// Stage 8, write. In: the rendered files. Out: a staging folder that replaces the output folder only when
// the whole build succeeded (`OutputStaging`), written with plain system calls (`FileWriter`).

import Foundation

/// Builds into a folder beside the output folder and swaps it in only when everything succeeded,
/// so a failed build leaves the previous output exactly as it was.
struct OutputStaging {
    let output: URL
    let staging: URL
    private let retired: URL

    init(output: URL) {
        self.output = output
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        staging = parent.appendingPathComponent(".\(name).docgen-staging")
        retired = parent.appendingPathComponent(".\(name).docgen-old")
    }

    /// Starts from an empty staging folder (a crashed earlier build may have left one).
    func prepare() throws(Diagnostic) {
        let files = FileManager.default
        do {
            try? files.removeItem(at: staging)
            try? files.removeItem(at: retired)
            try files.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw .error(.writing, at: SourceLocation(path: staging.path), "cannot create the staging folder: \(ContentScanner.reason(error))")
        }
    }

    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }

    /// Puts the staged site in place of the output folder.
    func commit() throws(Diagnostic) {
        let files = FileManager.default
        do {
            if files.fileExists(atPath: output.path) {
                try files.moveItem(at: output, to: retired)
                do {
                    try files.moveItem(at: staging, to: output)
                } catch {
                    try? files.moveItem(at: retired, to: output)
                    throw error
                }
                try? files.removeItem(at: retired)
            } else {
                try files.moveItem(at: staging, to: output)
            }
        } catch {
            discard()
            throw .error(.writing, at: SourceLocation(path: output.path), "cannot replace the output folder: \(ContentScanner.reason(error))")
        }
    }
}
