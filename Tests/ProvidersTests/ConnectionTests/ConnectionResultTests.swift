import Foundation
import HangarCore
import HangarTesting
import Providers
import Testing

@Suite struct ConnectionResultTests {
    @Test func anUnreadableSecretFailsAuthenticationWithoutAnyCall() throws {
        let result = ConnectionTester.secretUnreadable(at: fixedNow)
        #expect(!result.success)
        #expect(result.stage == "authentication")
        #expect(result.errorCode == "secret_unreadable")
        #expect(result.errorMessage?.contains("Enter the API key") == true)
        #expect(result.testedAt == "2025-10-09T08:53:20.123Z")
    }

    @Test func aResultEncodesEveryFieldWithExplicitNulls() async throws {
        try await FakeOllama.withServer { fake in
            let result = await runTest(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL))
            let object = try JSON.object(try JSONEncoder().encode(result))
            #expect(
                Set(object.keys) == [
                    "success", "stage", "latency_ms", "error_code", "error_message", "model_tested", "server_version",
                    "models_found", "model_ids", "tested_at",
                ])
            #expect(JSON.isNull(object, "error_code") && JSON.isNull(object, "error_message"))
            #expect(object["latency_ms"] is Int)
            #expect((object["model_ids"] as? [String])?.count == 2)
        }
    }

    @Test func theLocalProviderHasNothingToTest() async {
        let result = await runTest(ConnectionTarget(kind: .local))
        expectFailure(result, "not_found", at: "reachability")
    }

    @Test func aBaseURLThatIsNotHTTPIsRejectedWithoutEchoingIt() async {
        let result = await runTest(ConnectionTarget(kind: .openAICompatible, baseURL: "ftp://user:hunter2@files.example", apiKey: "k"))
        expectFailure(result, "not_found", at: "reachability")
        #expect(result.errorMessage?.contains("hunter2") == false)
    }
}

@Suite struct RetryAfterTests {
    @Test func anHTTPDateRetryAfterBecomesSeconds() async throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = formatter.string(from: fixedNow.addingTimeInterval(30))
        try await FakeHTTPServer.withServer(handler: { _ in
            .json(
                429, #"{"error":{"message":"slow down","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#,
                headers: [("Retry-After", date)])
        }) { server in
            let result = await runTest(ConnectionTarget(kind: .openAICompatible, baseURL: server.baseURL))
            expectFailure(result, "rate_limited", at: "model_listing")
            #expect(result.errorMessage?.contains("try again in 30 s") == true)
            #expect(result.errorMessage?.contains("slow down") == true)
        }
    }
}
