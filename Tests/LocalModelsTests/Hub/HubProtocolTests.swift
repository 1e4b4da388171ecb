import Foundation
import NIOHTTP1
import Testing
import Upstream

@testable import LocalModels

@Suite struct HubProtocolTests {
    @Test func resolveURLQuotesEachPartLikeHuggingFaceHub() throws {
        let location = try HubURL.resolve(
            endpoint: "https://huggingface.co/", file: HubFileReference(repo: "a-b/c.d", revision: "refs/pr/1", file: "dir/f #1.gguf"))
        #expect(location.absoluteString == "https://huggingface.co/a-b/c.d/resolve/refs%2Fpr%2F1/dir/f%20%231.gguf")
    }

    @Test func endpointMayHaveAPathPrefix() throws {
        let location = try HubURL.resolve(
            endpoint: "http://mirror.local:8080/hf", file: HubFileReference(repo: "a/b", file: "x.gguf"))
        #expect(location.absoluteString == "http://mirror.local:8080/hf/a/b/resolve/main/x.gguf")
        #expect(location.origin == UpstreamURL.Origin(scheme: "http", host: "mirror.local", port: 8080))
    }

    @Test(arguments: ["", "huggingface.co", "ftp://huggingface.co", "https://huggingface.co?x=1", "https://u:p@huggingface.co"])
    func unusableEndpointsAreRefused(endpoint: String) {
        #expect(throws: DownloadError.self) {
            try HubURL.resolve(endpoint: endpoint, file: HubFileReference(repo: "a/b", file: "x.gguf"))
        }
    }

    @Test func redactedLocationHasNoQuery() throws {
        let location = try UpstreamURL("https://cdn.example:8443/a/b?X-Amz-Signature=s#frag")
        #expect(location.display == "https://cdn.example:8443/a/b")
    }

    @Test(
        arguments: [
            (
                "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            ),
            (
                "W/\"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\"",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            ),
            ("\"b2fbc8c6b5c0e1e0b6c86b8e3e2fb0b8b8b6c0d1\"", nil),
            ("W/\"3a-xyz\"", nil),
        ] as [(String, String?)])
    func etagIsASha256OnlyWhenItLooksLikeOne(raw: String, expected: String?) {
        #expect(HubFileMetadata.sha256(fromETag: raw) == expected)
    }

    @Test func hubHeadersAreReadAndACDNAnswerDoesNotEraseThem() {
        var metadata = HubFileMetadata()
        metadata.absorbHubHeaders(
            HTTPHeaders([
                ("X-Linked-Etag", "\"\(String(repeating: "a", count: 64))\""), ("X-Linked-Size", "12345"),
                ("X-Repo-Commit", "0123456789ABCDEF0123456789abcdef01234567"), ("ETag", "\"other\""),
            ]))
        metadata.absorbHubHeaders(HTTPHeaders([("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\""), ("Content-Length", "5")]))
        #expect(
            metadata
                == HubFileMetadata(
                    sha256: String(repeating: "a", count: 64), size: 12345, commit: "0123456789abcdef0123456789abcdef01234567"))
    }

    @Test func directAnswerETagIsUsedOnlyWithoutALinkedEtag() {
        let sha = String(repeating: "b", count: 64)
        var direct = HubFileMetadata()
        direct.absorbDirectETag(HTTPHeaders([("ETag", "\"\(sha)\"")]))
        #expect(direct.sha256 == sha)
        var linked = HubFileMetadata(sha256: String(repeating: "c", count: 64))
        linked.absorbDirectETag(HTTPHeaders([("ETag", "\"\(sha)\"")]))
        #expect(linked.sha256 == String(repeating: "c", count: 64))
    }

    @Test func contentRangeForms() {
        func parts(_ raw: String) -> [Int64?]? { ContentRange(raw).map { [$0.first, $0.last, $0.total] } }
        #expect(parts("bytes 100-199/1000") == [100, 199, 1000])
        #expect(parts("bytes */1000") == [nil, nil, 1000])
        #expect(parts("bytes 0-9/*") == [0, 9, nil])
        #expect(parts("bytes 9-0/10") == nil)
        #expect(parts("items 0-9/10") == nil)
        #expect(parts("bytes x-9/10") == nil)
    }

    @Test func backoffDoublesUpToTheCapWithJitter() {
        let policy = DownloadPolicy(initialBackoff: .seconds(1), maxBackoff: .seconds(30))
        #expect(policy.backoff(afterAttempt: 1, random: 1) == .seconds(1))
        #expect(policy.backoff(afterAttempt: 1, random: 0) == .milliseconds(500))
        #expect(policy.backoff(afterAttempt: 3, random: 1) == .seconds(4))
        #expect(policy.backoff(afterAttempt: 10, random: 1) == .seconds(30))
        #expect(policy.backoff(afterAttempt: 100, random: 0) == .seconds(15))
    }

    @Test func standardPolicyHasTheDocumentedDefaults() {
        let policy = DownloadPolicy.standard
        #expect(policy.maxAttempts == 6)
        #expect(policy.initialBackoff == .seconds(1))
        #expect(policy.maxBackoff == .seconds(30))
        #expect(policy.maxRetryAfter == .seconds(120))
        #expect(policy.stallTimeout == .seconds(30))
        #expect(policy.connectTimeout == .seconds(10))
        #expect(policy.progressInterval == .milliseconds(500))
    }

    @Test func hubErrorCodesRefineTheMessages() {
        let file = HubFileReference(repo: "a/b", revision: "v1", file: "x.gguf")
        #expect(DownloadError.hub(status: 401, errorCode: "GatedRepo", hubMessage: nil, file: file, tokenSent: false).code == .gated)
        #expect(
            DownloadError.hub(status: 401, errorCode: "RepoNotFound", hubMessage: nil, file: file, tokenSent: false).message
                .contains("private"))
        #expect(
            DownloadError.hub(status: 404, errorCode: "RevisionNotFound", hubMessage: nil, file: file, tokenSent: true).message
                .contains("'v1'"))
        #expect(
            DownloadError.hub(status: 404, errorCode: "EntryNotFound", hubMessage: "Entry not found", file: file, tokenSent: true)
                .message.contains("The Hub said: \"Entry not found\""))
        #expect(DownloadError.hub(status: 503, errorCode: nil, hubMessage: nil, file: file, tokenSent: true).code == .upstreamStatus)
    }
}

@Suite struct ProgressMeterTests {
    let start = ContinuousClock.now

    @Test func reportsAreThrottledButForcedOnesAlwaysGoOut() {
        let meter = ProgressMeter(interval: .milliseconds(500))
        #expect(meter.report(bytesDone: 0, total: 100, attempt: 1, force: true, now: start) != nil)
        #expect(meter.report(bytesDone: 10, total: 100, attempt: 1, now: start + .milliseconds(100)) == nil)
        #expect(meter.report(bytesDone: 50, total: 100, attempt: 1, now: start + .milliseconds(600)) != nil)
        #expect(meter.report(bytesDone: 100, total: 100, attempt: 1, force: true, now: start + .milliseconds(601)) != nil)
    }

    @Test func speedIsAveragedOverTheWindowAndGivesTheETA() throws {
        let meter = ProgressMeter(interval: .zero, window: .seconds(5))
        for second in 0...10 {
            // 1 MB/s for ten seconds, then a pause: the window only sees the last five seconds.
            _ = meter.report(bytesDone: Int64(second) * 1_000_000, total: 20_000_000, attempt: 1, now: start + .seconds(second))
        }
        let report = try #require(meter.report(bytesDone: 10_000_000, total: 20_000_000, attempt: 1, now: start + .seconds(12)))
        let speed = try #require(report.bytesPerSecond)
        #expect(speed >= 500_000 && speed < 900_000)
        #expect(report.percent == 50)
        #expect(abs(try #require(report.etaSeconds) - 10_000_000 / speed) < 0.001)
    }

    @Test func unknownTotalHasNoPercentNorETA() throws {
        let meter = ProgressMeter(interval: .zero)
        _ = meter.report(bytesDone: 0, total: nil, attempt: 2, now: start)
        let report = try #require(meter.report(bytesDone: 1000, total: nil, attempt: 2, now: start + .seconds(1)))
        #expect(report.percent == nil)
        #expect(report.etaSeconds == nil)
        #expect(report.bytesPerSecond == 1000)
        #expect(report.attempt == 2)
    }

    @Test func restartFromZeroForgetsTheOldSpeed() throws {
        let meter = ProgressMeter(interval: .zero)
        _ = meter.report(bytesDone: 0, total: 100, attempt: 1, now: start)
        _ = meter.report(bytesDone: 90, total: 100, attempt: 1, now: start + .seconds(1))
        let report = try #require(meter.report(bytesDone: 0, total: 100, attempt: 2, now: start + .seconds(2)))
        #expect(report.bytesPerSecond == nil)
    }
}
