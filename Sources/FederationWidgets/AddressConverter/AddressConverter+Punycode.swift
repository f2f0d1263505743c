import DocgenCore

extension AddressConverter {
    /// Punycode (RFC 3492) for one domain label: the part of an A-label after `xn--`.
    ///
    /// Mirrored line for line by `punycodeEncode` in `Resources/widgets/address-converter.js`, so the page
    /// and the command line produce the same A-labels. Callers pass labels of at most 63 code points, which
    /// keeps every intermediate value far below the range where integer overflow (Swift) or loss of
    /// precision (JavaScript numbers) could occur.
    static func punycodeEncode(_ label: [Unicode.Scalar]) -> String {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128
        let codePoints = label.map { Int($0.value) }

        func digit(_ value: Int) -> Character {
            // 0–25 are a–z, 26–35 are 0–9.
            Character(Unicode.Scalar(UInt8(value < 26 ? value + 97 : value + 22)))
        }

        func adapt(_ delta: Int, _ pointCount: Int, _ isFirst: Bool) -> Int {
            var delta = isFirst ? delta / damp : delta / 2
            delta += delta / pointCount
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }

        var output = ""
        for point in codePoints where point < 0x80 {
            output.append(Character(Unicode.Scalar(UInt8(point))))
        }
        let basicCount = output.unicodeScalars.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }

        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < codePoints.count {
            // The smallest code point not yet handled.
            let next = codePoints.filter { $0 >= n }.min() ?? n
            delta += (next - n) * (handled + 1)
            n = next
            for point in codePoints {
                if point < n { delta += 1 }
                if point == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }
}
