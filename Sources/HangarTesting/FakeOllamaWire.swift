import Foundation

/// How Ollama's Go server writes times and reads durations, so clients meet the real forms.
enum FakeOllamaWire {
    /// Go's JSON form of a `time.Time` (RFC 3339 with up to nine fractional digits, trailing
    /// zeros dropped) in a zone `offsetSeconds` east of UTC: Ollama writes local times, so a
    /// client must cope with `+01:00` as well as `Z`.
    static func time(_ date: Date, offsetSeconds: Int = 0) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = Int(interval.rounded(.down))
        var nanos = Int(((interval - Double(seconds)) * 1e9).rounded())
        if nanos >= 1_000_000_000 {
            seconds += 1
            nanos -= 1_000_000_000
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let civil = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second],
            from: Date(timeIntervalSince1970: TimeInterval(seconds + offsetSeconds)))
        var text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", civil.year ?? 0, civil.month ?? 0, civil.day ?? 0, civil.hour ?? 0,
            civil.minute ?? 0, civil.second ?? 0)
        if nanos > 0 {
            var fraction = String(format: "%09d", nanos)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        if offsetSeconds == 0 { return text + "Z" }
        let sign = offsetSeconds < 0 ? "-" : "+"
        let minutes = abs(offsetSeconds) / 60
        return text + String(format: "%@%02d:%02d", sign, minutes / 60, minutes % 60)
    }

    /// What `keep_alive` asks for, read like `api.Duration.UnmarshalJSON`.
    enum KeepAlive: Equatable {
        /// Absent or null: the server's default (five minutes).
        case standard
        case seconds(Double)
        /// A negative value: keep the model loaded until told otherwise.
        case forever
        case invalid(String)

        var isZero: Bool { self == .seconds(0) }
    }

    static func keepAlive(_ value: Any?) -> KeepAlive {
        switch value {
        case nil, is NSNull:
            return .standard
        case let number as NSNumber where !isBoolean(number):
            return number.doubleValue < 0 ? .forever : .seconds(number.doubleValue)
        case let text as String:
            switch goDuration(text) {
            case .success(let seconds): return seconds < 0 ? .forever : .seconds(seconds)
            case .failure(let failure): return .invalid(failure.message)
            }
        case let other?:
            return .invalid("Unsupported type: '\(goTypeName(other))'")
        }
    }

    struct DurationError: Error {
        let message: String
    }

    /// Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a bare `0`.
    static func goDuration(_ text: String) -> Result<Double, DurationError> {
        let quoted = "\"\(text)\""
        var rest = Substring(text)
        var sign = 1.0
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" { return .success(0) }
        guard !rest.isEmpty else { return .failure(DurationError(message: "time: invalid duration \(quoted)")) }
        let units: [String: Double] = [
            "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600,
        ]
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", let value = Double(number) else {
                return .failure(DurationError(message: "time: invalid duration \(quoted)"))
            }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard !unit.isEmpty else { return .failure(DurationError(message: "time: missing unit in duration \(quoted)")) }
            guard let scale = units[String(unit)] else {
                return .failure(DurationError(message: "time: unknown unit \"\(unit)\" in duration \(quoted)"))
            }
            total += value * scale
            rest = rest.dropFirst(unit.count)
        }
        return .success(sign * total)
    }

    /// JSONSerialization hands `true` and `false` over as NSNumbers too; only their type tells.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    private static func goTypeName(_ value: Any) -> String {
        switch value {
        case is NSNumber: "bool"
        case is [Any]: "[]interface {}"
        case is [String: Any]: "map[string]interface {}"
        default: "\(type(of: value))"
        }
    }

    /// A request body, or the refusal Gin's binding gives.
    enum Body {
        case object([String: Any])
        case refused(FakeResponse)
    }

    /// Reads a JSON body as `ShouldBindJSON` does: empty is "missing request body".
    static func body(_ request: RecordedRequest) -> Body {
        guard !request.body.isEmpty else { return .refused(FakeErrorFormat.ollama(400, "missing request body")) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
            return .refused(FakeErrorFormat.ollama(400, "invalid character looking for beginning of value"))
        }
        return .object(object)
    }
}

extension FakeOllamaWire {
    /// A JSON string literal escaped as Go's encoder does, `<`, `>` and `&` included.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += String(format: "\\u%04x", scalar.value)
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// One progress line of a pull, its keys in the order of `api.ProgressResponse`, zero
    /// values left out as its `omitempty` tags do.
    static func progress(status: String, digest: String? = nil, total: Int = 0, completed: Int = 0) -> String {
        var line = #"{"status":\#(quoted(status))"#
        if let digest { line += #","digest":\#(quoted(digest))"# }
        if total != 0 { line += #","total":\#(total)"# }
        if completed != 0 { line += #","completed":\#(completed)"# }
        return line + "}"
    }

    static func error(_ message: String) -> String {
        #"{"error":\#(quoted(message))}"#
    }
}
