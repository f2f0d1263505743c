import Foundation

/// Page-relative URLs for files in the output folder.
///
/// docgen never writes a root-absolute URL: every link goes up to the site root with `../` and
/// down again, so the site works from `file://` and under any path prefix on a server.
package enum URLPath {
    /// An `href` value written the way libcmark writes one (its `houdini_escape_href`): characters that
    /// may stand in a URL are kept (including `%`, so existing escapes stay), `&` and `'` become
    /// character references, everything else is percent-encoded byte by byte.
    package static func escapeHref(_ url: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(url.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.append(byte)
            case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "("), UInt8(ascii: ")"),
                UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"),
                UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "@"), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "&"):
                out += Array("&amp;".utf8)
            case UInt8(ascii: "'"):
                out += Array("&#x27;".utf8)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The last component of a `/`-separated path (`setup/dns.md` → `dns.md`).
    package static func fileName(of path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    }

    /// `../` once per folder above `outputPath` (a path relative to the output root, `/`-separated).
    package static func rootPrefix(for outputPath: String) -> String {
        var depth = 0
        for byte in outputPath.utf8 where byte == UInt8(ascii: "/") { depth += 1 }
        return String(repeating: "../", count: depth)
    }

    /// Percent-encodes each segment of a `/`-separated relative path (RFC 3986 path characters kept).
    package static func encode(_ path: String) -> String {
        // Most paths need no escape at all; appending scalar by scalar costs far more than this check.
        guard !path.utf8.allSatisfy(isPathCharacter) else { return path }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.utf8.count * 3)
        for byte in path.utf8 {
            if isPathCharacter(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes `%XX` escapes; `nil` when an escape is malformed or the result is not UTF-8.
    package static func decode(_ encoded: String) -> String? {
        guard encoded.utf8.contains(UInt8(ascii: "%")) else { return encoded }
        var bytes: [UInt8] = []
        var iterator = Array(encoded.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Resolves `relative` (already decoded, `/`-separated) against the folder `base`; `nil` when it
    /// climbs above the root.
    package static func resolve(_ relative: String, from base: String) -> String? {
        // On bytes, with the start of each kept segment on a stack: this runs for every link of every page.
        var out: [UInt8] = []
        out.reserveCapacity(base.utf8.count + relative.utf8.count + 1)
        var starts: [Int] = []
        func walk(_ path: UnsafeBufferPointer<UInt8>, climbing: Bool) -> Bool {
            var segment = 0
            while segment < path.count {
                var stop = segment
                while stop < path.count && path[stop] != UInt8(ascii: "/") { stop += 1 }
                let length = stop - segment
                if length == 0 || (length == 1 && path[segment] == UInt8(ascii: ".")) {
                    // Skipped, as `a//b` and `a/./b` name `a/b`.
                } else if climbing && length == 2 && path[segment] == UInt8(ascii: ".") && path[segment + 1] == UInt8(ascii: ".") {
                    guard let start = starts.popLast() else { return false }
                    out.removeSubrange(max(start - 1, 0)...)
                } else {
                    if !out.isEmpty { out.append(UInt8(ascii: "/")) }
                    starts.append(out.count)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: path[segment..<stop]))
                }
                segment = stop + 1
            }
            return true
        }
        var base = base
        var relative = relative
        base.withUTF8 { _ = walk($0, climbing: false) }
        guard relative.withUTF8({ walk($0, climbing: true) }) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// The folder part of a relative path (`a/b.md` → `a`, `b.md` → ``).
    package static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"),
            UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }
}

extension String {
    /// Whether this string's UTF-8 bytes sort before `other`'s: the byte order docgen lists files in,
    /// the same on every machine and locale. Compares the bytes in place (`memcmp`): the generic
    /// `utf8.lexicographicallyPrecedes` cost more than the system calls of a scan.
    func bytesPrecede(_ other: String) -> Bool {
        var left = self
        var right = other
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = Swift.min(a.count, b.count)
                if common > 0, let x = a.baseAddress, let y = b.baseAddress {
                    let order = memcmp(x, y, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
    }
}

extension String.UTF8View {
    /// Whether these bytes end with `suffix`'s: `String.hasSuffix` compares Characters, which costs a
    /// grapheme walk where an ASCII extension check needs a few byte compares.
    func hasSuffix(_ suffix: String.UTF8View) -> Bool {
        count >= suffix.count && self.reversed().starts(with: suffix.reversed())
    }
}
