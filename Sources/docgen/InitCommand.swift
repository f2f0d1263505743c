import ArgumentParser
import DocgenCore
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Starts a new site: writes a content folder with site.yml and index.md.",
        discussion: """
            Creates DIR/Content/site.yml and DIR/Content/index.md (DIR defaults to the current folder). \
            Nothing that exists is overwritten: if either file is already there, docgen says so and \
            writes nothing. Then run 'docgen build' in DIR.
            """)

    @Argument(help: ArgumentHelp("The folder to start the site in.", valueName: "dir"))
    var directory = "."

    func run() throws {
        let root = URL(fileURLWithPath: directory)
        let content = root.appendingPathComponent("Content")
        let title = Self.readableTitle(of: root)
        let files: [(String, String)] = [
            (
                SiteSettings.fileName,
                """
                # Site settings: see docgen's README for every key.
                title: \(Self.yamlQuoted(title))
                description: Documentation built with docgen.
                language: en

                """
            ),
            (
                "index.md",
                """
                ---
                title: \(Self.yamlQuoted(title))
                description: Start here.
                ---

                Welcome. Write your pages as Markdown files in this folder; each folder becomes a section.

                ## Next steps

                - Add a page: create `getting-started.md` beside this file and link to it from here as
                  `[Getting started](getting-started.md)`; docgen checks every link when it builds.
                - Build the site with `docgen build`, then open `Output/index.html`.

                """
            ),
        ]
        let existing = files.map { content.appendingPathComponent($0.0) }.filter { FileManager.default.fileExists(atPath: $0.path) }
        guard existing.isEmpty else {
            for url in existing {
                Terminal.printError("\(Self.display(url, under: directory)): error: already exists; docgen init writes nothing over existing files")
            }
            throw ExitCode.failure
        }
        do {
            try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
            for (name, text) in files {
                // O_EXCL: never replace a file that appeared since the check above.
                let path = content.appendingPathComponent(name).path
                let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
                guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                defer { close(descriptor) }
                let bytes = Array(text.utf8)
                guard write(descriptor, bytes, bytes.count) == bytes.count else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            }
        } catch {
            Terminal.printError("\(Self.display(content, under: directory)): error: cannot write: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let build = directory == "." ? "docgen build" : "cd \(directory) && docgen build"
        print("Created \(Self.display(content, under: directory))/site.yml and index.md. Build the site with: \(build)")
    }

    private static func display(_ url: URL, under directory: String) -> String {
        let relative = url.path.replacingOccurrences(of: URL(fileURLWithPath: directory).path + "/", with: "")
        return directory == "." ? relative : (directory as NSString).appendingPathComponent(relative)
    }

    /// `my-project` → `My project`.
    static func readableTitle(of root: URL) -> String {
        let name = root.standardizedFileURL.lastPathComponent
        let words = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        let trimmed = words.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first, !trimmed.isEmpty, trimmed != "/" else { return "Documentation" }
        return first.uppercased() + trimmed.dropFirst()
    }

    /// A double-quoted YAML string, so any folder name is a valid title.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 { out += String(format: "\\x%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
