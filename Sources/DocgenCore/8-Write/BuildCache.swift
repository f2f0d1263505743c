import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a file's metadata says about its bytes. Any write changes a file's change time (`ctime`), which
/// no tool can set back (`touch` and `cp -p` set only the modification time), so an equal stamp means
/// equal bytes, except for a change made within the file system's timestamp granularity of the
/// moment the stamp was taken; ``BuildCache`` refuses such recent stamps.
struct FileStamp: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    /// Nanoseconds since 1970.
    var modified: Int64
    var changed: Int64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        #if canImport(Darwin)
            modified = Int64(status.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_mtimespec.tv_nsec)
            changed = Int64(status.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(status.st_ctimespec.tv_nsec)
        #else
            modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
            changed = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
        #endif
    }

    init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
        (self.device, self.inode, self.size, self.modified, self.changed) = (device, inode, size, modified, changed)
    }

    /// The stamp of what `path` names (following a symbolic link), or `nil` when there is nothing.
    static func of(_ path: String) -> FileStamp? {
        var status = stat()
        return stat(path, &status) == 0 ? FileStamp(status) : nil
    }

    /// The stamp of `path` itself (not following a symbolic link).
    static func ofLink(_ path: String) -> FileStamp? {
        var status = stat()
        return lstat(path, &status) == 0 ? FileStamp(status) : nil
    }

    var line: String { "\(device) \(inode) \(size) \(modified) \(changed)" }

    /// ``line``'s bytes, appended without a string.
    func append(to bytes: inout [UInt8]) {
        func decimal(_ value: UInt64, negative: Bool = false) {
            if negative { bytes.append(UInt8(ascii: "-")) }
            var digits:
                (
                    UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                    UInt8, UInt8
                ) =
                    (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            var rest = value
            withUnsafeMutableBytes(of: &digits) { buffer in
                repeat {
                    buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                    count += 1
                } while rest > 0
                for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
            }
        }
        func signed(_ value: Int64) { decimal(value.magnitude, negative: value < 0) }
        decimal(device)
        bytes.append(UInt8(ascii: " "))
        decimal(inode)
        bytes.append(UInt8(ascii: " "))
        signed(size)
        bytes.append(UInt8(ascii: " "))
        signed(modified)
        bytes.append(UInt8(ascii: " "))
        signed(changed)
    }

    /// Five numbers separated by single spaces, as ``line`` writes them.
    init?(bytes: ArraySlice<UInt8>) {
        // Five numbers read in place: a cache of 10,000 pages has 20,000 stamps.
        var numbers: (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
        var count = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard count < 5, let (value, end) = Self.number(in: bytes, from: index) else { return nil }
            switch count {
            case 0: numbers.0 = value
            case 1: numbers.1 = value
            case 2: numbers.2 = value
            case 3: numbers.3 = value
            default: numbers.4 = value
            }
            count += 1
            index = end
            if index < bytes.endIndex {
                guard bytes[index] == UInt8(ascii: " "), index + 1 < bytes.endIndex else { return nil }
                index += 1
            }
        }
        guard count == 5, numbers.0 >= 0, numbers.1 >= 0 else { return nil }
        self.init(device: UInt64(numbers.0), inode: UInt64(numbers.1), size: numbers.2, modified: numbers.3, changed: numbers.4)
    }

    /// A decimal number (a leading `-` allowed) starting at `start`, and where it ends.
    private static func number(in bytes: ArraySlice<UInt8>, from start: Int) -> (Int64, Int)? {
        var index = start
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var value: Int64 = 0
        let digitsStart = index
        while index < bytes.endIndex, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
            index += 1
        }
        guard index > digitsStart else { return nil }
        return (negative ? -value : value, index)
    }

    /// Decimal numbers separated by single spaces (a leading `-` allowed); empty for anything else.
    static func numbers(in bytes: ArraySlice<UInt8>) -> [Int64] {
        var result: [Int64] = []
        var value: Int64 = 0
        var negative = false
        var digits = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowSum) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                guard !overflowTimes, !overflowSum else { return [] }
                value = sum
                digits += 1
            case UInt8(ascii: "-") where digits == 0 && !negative:
                negative = true
            case UInt8(ascii: " ") where digits > 0:
                result.append(negative ? -value : value)
                (value, negative, digits) = (0, false, 0)
            default:
                return []
            }
        }
        guard digits > 0 else { return [] }
        result.append(negative ? -value : value)
        return result
    }
}

/// Lets a build with nothing changed finish without rendering or writing anything, and a build after
/// pages' bodies changed render only those pages.
///
/// After a build that wrote its output without a single message, docgen records beside the output
/// folder (`.Output.docgen-cache`) what it was built from and what it wrote: the stamp of every content
/// file, of docgen's own executable (templates are compiled into it), the theme, the widgets and the
/// options, and the stamp of every output file. The next build compares; when every stamp is equal,
/// the output is exactly what a clean build would write, so it stops there. When only pages changed,
/// ``PageCache`` (same ``token``) decides whether they alone need rendering. Anything else, or any
/// doubt (a cache it cannot read, an output file touched since), means a full build. A file changed
/// within seconds of the recorded build is recorded as ``racy``: its stamp may hide a later change in
/// the same timestamp, so the next build treats it as changed. `--clean` ignores the cache.
struct BuildCache: Equatable {
    /// Everything besides files that decides the output: the executable, theme, widgets and options.
    var key: String
    /// Shared with the ``PageCache`` written by the same build.
    var token: String
    var inputs: [String: FileStamp]
    /// Inputs whose stamps were too recent to trust: the next build reads them again.
    var racy: Set<String> = []
    var outputFolder: FileStamp
    var outputs: [String: FileStamp]
    var pageCount: Int
    var assetCount: Int
    var draftsSkipped: Int
    var searchIndexBytes: Int
    var searchIndexFiles: Int

    static let header = "docgen build cache 2"
    /// Changes this close (in nanoseconds) before the recorded build started may share a timestamp
    /// with a later change (ext4 keeps kernel ticks, FAT two seconds), so stamps that recent are not trusted.
    static let racyWindow: Int64 = 3_000_000_000

    static func url(for output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).docgen-cache")
    }

    /// The key of a build: the executable's stamp, docgen's version, the theme and widgets by type and
    /// name, the options that change what is written, and the content folder: its real path, and the
    /// path and name records keep of it.
    static func key(theme: any Theme, widgets: WidgetRegistry, options: BuildOptions, contentRealPath: String, contentNames: [String] = [])
        -> String?
    {
        guard let executable = executablePath, let stamp = FileStamp.of(executable) else { return nil }
        return [
            "executable \(stamp.line)", "version \(DocgenVersion.current)", "theme \(String(reflecting: type(of: theme)))",
            "widgets \(widgets.names.joined(separator: ","))",
            "options drafts=\(options.includesDrafts) strict=\(options.isStrict) warn-broken=\(options.brokenLinksAreWarnings) paranoid=\(options.checksEveryPage)",
            "content \(contentRealPath)",
        ].joined(separator: "\t") + contentNames.map { "\t" + $0 }.joined()
    }

    /// The running executable: `/proc/self/exe` where there is one (Foundation's `Bundle.main` costs
    /// millions of instructions to find the same path), else what `Bundle` says.
    static var executablePath: String? {
        #if os(Linux)
            var buffer = [CChar](repeating: 0, count: 4096)
            let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            if length > 0 { return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #endif
        return Bundle.main.executablePath
    }

    /// Whether `files` (just scanned) and the build's key are exactly as recorded.
    func inputsMatch(key: String, files: [ContentFile]) -> Bool {
        key == self.key && racy.isEmpty && changedInputs(files)?.isEmpty == true
    }

    /// The content files that changed since the recorded build (or whose stamps were racy then), when
    /// the same paths are there; `nil` when a file was added or removed.
    func changedInputs(_ files: [ContentFile]) -> [ContentFile]? {
        guard files.count == inputs.count else { return nil }
        var changed: [ContentFile] = []
        for file in files {
            guard let recorded = inputs[file.relativePath] else { return nil }
            if file.stamp != recorded || racy.contains(file.relativePath) { changed.append(file) }
        }
        return changed
    }

    /// Whether every file under `output` is a recorded one with its recorded stamp, and none is missing.
    func outputIsUnchanged(_ output: URL) -> Bool {
        guard FileStamp.ofLink(output.path) == outputFolder else { return false }
        // Compared while walking: no second table of 10,000 stamps.
        var seen = 0
        let matches = FolderListing.walkFiles(under: output.path) { path, status in
            seen += 1
            return outputs[path] == FileStamp(status)
        }
        return matches && seen == outputs.count
    }

    /// Records a build, or `nil` when it cannot be trusted later: a content file changed too close to
    /// the build's start, or a path that the file format cannot hold.
    static func record(
        key: String, token: String, files: [ContentFile], started: Int64, output: URL, report: BuildReport, racyWindow: Int64 = racyWindow
    ) -> BuildCache? {
        // Taken after the swap and after the previous generation is gone: removing a file linked
        // into the new output changes its stamp.
        guard let outputs = stamps(under: output), let folder = FileStamp.ofLink(output.path) else { return nil }
        return record(
            key: key, token: token, files: files, started: started, outputFolder: folder, outputs: outputs, report: report,
            racyWindow: racyWindow)
    }

    /// Records a build whose output stamps are known already; `nil` when a path cannot be stored.
    static func record(
        key: String, token: String, files: [ContentFile], started: Int64, outputFolder: FileStamp, outputs: [String: FileStamp],
        report: BuildReport, racyWindow: Int64
    ) -> BuildCache? {
        var inputs: [String: FileStamp] = [:]
        var racy: Set<String> = []
        for file in files {
            guard let stamp = file.stamp, fitsALine(file.relativePath) else { return nil }
            inputs[file.relativePath] = stamp
            if stamp.changed >= started - racyWindow || stamp.modified >= started - racyWindow { racy.insert(file.relativePath) }
        }
        guard outputs.keys.allSatisfy(fitsALine) else { return nil }
        var cache = BuildCache(
            key: key, token: token, inputs: inputs, outputFolder: outputFolder, outputs: outputs, pageCount: report.pageCount,
            assetCount: report.assetCount, draftsSkipped: report.draftsSkipped, searchIndexBytes: report.searchIndexBytes,
            searchIndexFiles: report.searchIndexFiles)
        cache.racy = racy
        return cache
    }

    /// The stamp of every file under `folder` by relative path, each `lstat`-ed once (links not
    /// followed); `nil` when a folder cannot be listed.
    static func stamps(under folder: URL) -> [String: FileStamp]? {
        var stamps: [String: FileStamp] = [:]
        let complete = FolderListing.walkFiles(under: folder.path) { path, status in
            stamps[path] = FileStamp(status)
            return true
        }
        return complete ? stamps : nil
    }

    /// Paths are stored one per line between tabs.
    private static func fitsALine(_ path: String) -> Bool {
        !path.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" })
    }

    var report: BuildReport {
        var report = BuildReport(pageCount: pageCount, assetCount: assetCount, draftsSkipped: draftsSkipped, warnings: [])
        report.searchIndexBytes = searchIndexBytes
        report.searchIndexFiles = searchIndexFiles
        report.isUpToDate = true
        return report
    }

    // MARK: The file

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The file: a header, then one line per field, input and output, tab-separated. Built as bytes:
    /// at 10,000 pages it has 20,000 lines.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(80 * (inputs.count + outputs.count) + key.utf8.count + 256)
        func line(_ parts: String...) {
            for (index, part) in parts.enumerated() {
                if index > 0 { out.append(UInt8(ascii: "\t")) }
                out += part.utf8
            }
            out.append(UInt8(ascii: "\n"))
        }
        func stampLine(_ kind: String, _ path: String, _ stamp: FileStamp) {
            out += kind.utf8
            out.append(UInt8(ascii: "\t"))
            out += path.utf8
            out.append(UInt8(ascii: "\t"))
            stamp.append(to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        line(Self.header)
        line("key", key)
        line("token", token)
        line("report", "\(pageCount) \(assetCount) \(draftsSkipped) \(searchIndexBytes) \(searchIndexFiles)")
        out += "output-folder\t".utf8
        outputFolder.append(to: &out)
        out.append(UInt8(ascii: "\n"))
        func sorted(_ stamps: [String: FileStamp]) -> [(key: String, value: FileStamp)] {
            stamps.sorted { $0.key.bytesPrecede($1.key) }
        }
        for (path, stamp) in sorted(inputs) { stampLine(racy.contains(path) ? "racy" : "in", path, stamp) }
        for (path, stamp) in sorted(outputs) { stampLine("out", path, stamp) }
        return out
    }

    init(
        key: String, token: String, inputs: [String: FileStamp], outputFolder: FileStamp, outputs: [String: FileStamp], pageCount: Int,
        assetCount: Int, draftsSkipped: Int, searchIndexBytes: Int, searchIndexFiles: Int
    ) {
        (self.key, self.token, self.inputs, self.outputFolder, self.outputs) = (key, token, inputs, outputFolder, outputs)
        (self.pageCount, self.assetCount, self.draftsSkipped) = (pageCount, assetCount, draftsSkipped)
        (self.searchIndexBytes, self.searchIndexFiles) = (searchIndexBytes, searchIndexFiles)
    }

    /// Reads a cache file; `nil` for anything unexpected, which means a full build.
    init?(text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// Reads the file's bytes line by line, without a Swift string per field: a cache of 10,000 pages
    /// has 20,000 lines, and a no-op build is mostly this.
    init?(bytes: [UInt8]) {
        let tab = UInt8(ascii: "\t")
        let newline = UInt8(ascii: "\n")
        var key: String?
        var token: String?
        var racy: Set<String> = []
        var report: [Int] = []
        var folder: FileStamp?
        var inputs: [String: FileStamp] = [:]
        var outputs: [String: FileStamp] = [:]
        // Sized once: growing two tables of 10,000 entries step by step cost as much as filling them.
        let lines = bytes.withUnsafeBufferPointer { buffer in buffer.reduce(0) { $0 + ($1 == newline ? 1 : 0) } }
        inputs.reserveCapacity(lines / 2)
        outputs.reserveCapacity(lines / 2)
        var lineStart = 0
        var isFirst = true
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: newline) ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            let line = bytes[lineStart..<lineEnd]
            if isFirst {
                guard line.elementsEqual(Self.header.utf8) else { return nil }
                isFirst = false
                continue
            }
            guard !line.isEmpty else { continue }
            guard let firstTab = line.firstIndex(of: tab) else { return nil }
            let kind = line[..<firstTab]
            let rest = line[(firstTab + 1)...]
            if kind.elementsEqual("in".utf8) || kind.elementsEqual("out".utf8) || kind.elementsEqual("racy".utf8) {
                guard let secondTab = rest.firstIndex(of: tab), let stamp = FileStamp(bytes: rest[(secondTab + 1)...]) else { return nil }
                let path = String(decoding: rest[..<secondTab], as: UTF8.self)
                if kind.count == 3 {
                    outputs[path] = stamp
                } else {
                    inputs[path] = stamp
                    if kind.count == 4 { racy.insert(path) }
                }
            } else if kind.elementsEqual("key".utf8) {
                key = String(decoding: rest, as: UTF8.self)
            } else if kind.elementsEqual("token".utf8) {
                token = String(decoding: rest, as: UTF8.self)
            } else if kind.elementsEqual("report".utf8) {
                report = FileStamp.numbers(in: rest).map(Int.init)
            } else if kind.elementsEqual("output-folder".utf8) {
                folder = FileStamp(bytes: rest)
            } else {
                return nil
            }
        }
        guard !isFirst, let key, let token, let folder, report.count == 5 else { return nil }
        self.init(
            key: key, token: token, inputs: inputs, outputFolder: folder, outputs: outputs, pageCount: report[0], assetCount: report[1],
            draftsSkipped: report[2], searchIndexBytes: report[3], searchIndexFiles: report[4])
        self.racy = racy
    }

    static func load(from url: URL) -> BuildCache? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return BuildCache(bytes: [UInt8](data))
    }

    /// Written beside its final name and renamed over it, so a reader never sees half a file.
    func write(to url: URL) {
        let temporary = url.path + ".\(getpid())"
        do {
            try FileWriter.write(bytes, to: temporary)
            if rename(temporary, url.path) != 0 { unlink(temporary) }
        } catch {
            unlink(temporary)
        }
    }

    static func remove(at url: URL) {
        unlink(url.path)
    }
}
