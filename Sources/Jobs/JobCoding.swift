import Foundation
import HangarCore

/// Jobs as JSON text: the event payload and the stored progress column.
enum JobCoding {
    static func json(_ job: Job) -> String {
        // Encoding these plain structs cannot fail.
        String(decoding: (try? JSONEncoder().encode(job)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func json(_ progress: JobProgress) -> String {
        String(decoding: (try? JSONEncoder().encode(progress)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A progress column that does not parse (written by a newer version, say) reads as empty
    /// rather than hiding the job.
    static func progress(_ text: String) -> JobProgress {
        (try? JSONDecoder().decode(JobProgress.self, from: Data(text.utf8))) ?? JobProgress()
    }

    static func json(_ result: JSONValue) -> String {
        String(decoding: (try? JSONEncoder().encode(result)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func result(_ text: String?) -> JSONValue? {
        guard let text, let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), value != .null else { return nil }
        return value
    }

    static func job(_ text: String) -> Job? {
        try? JSONDecoder().decode(Job.self, from: Data(text.utf8))
    }
}

enum JobID {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuv")

    /// `job_` and 20 base32 characters (100 random bits), URL-safe.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return "job_" + String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt8(32)))] })
    }
}

extension Duration {
    var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
