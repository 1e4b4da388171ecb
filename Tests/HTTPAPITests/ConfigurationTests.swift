import App
import Testing

/// The environment's settings: defaults, values, and what a wrong value says.
@Suite struct ConfigurationTests {
    @Test func connectionTimeoutsHaveDefaultsAndBounds() throws {
        let defaults = try HangarConfiguration.fromEnvironment([:])
        #expect(defaults.headerTimeoutSeconds == 10)
        #expect(defaults.idleTimeoutSeconds == 60)
        #expect(defaults.databaseWaitSeconds == 5)

        let set = try HangarConfiguration.fromEnvironment([
            "HANGAR_HEADER_TIMEOUT_SECONDS": "3", "HANGAR_IDLE_TIMEOUT_SECONDS": " 120 ", "HANGAR_DATABASE_WAIT_SECONDS": "20",
        ])
        #expect(set.headerTimeoutSeconds == 3)
        #expect(set.idleTimeoutSeconds == 120)
        #expect(set.databaseWaitSeconds == 20)

        for (name, value) in [
            ("HANGAR_HEADER_TIMEOUT_SECONDS", "0"), ("HANGAR_HEADER_TIMEOUT_SECONDS", "3601"), ("HANGAR_HEADER_TIMEOUT_SECONDS", "1.5"),
            ("HANGAR_IDLE_TIMEOUT_SECONDS", "86401"), ("HANGAR_IDLE_TIMEOUT_SECONDS", "soon"), ("HANGAR_DATABASE_WAIT_SECONDS", "601"),
        ] {
            let error = #expect(throws: HangarConfiguration.Invalid.self) { _ = try HangarConfiguration.fromEnvironment([name: value]) }
            #expect(error?.description.hasPrefix("\(name) must be a number of seconds from 1 to") == true, "\(error?.description ?? "")")
            #expect(error?.description.contains("'\(value)'") == true)
        }
    }
}
