/** The one place that says how programs are started for the demo, the plan, the bench and the engine tests. */
import * as path from "path";
import { DRIVER, driverCommand, fileBackendDir, fileBackendUrl } from "../../scripts/driverCommand";

test("argv carries the operation, the program, flags and stack settings; env points at the file backend", () => {
    const { args, env } = driverCommand({
        operation: "up", dir: "/lab", stack: "dev", resultFile: "/tmp/r.json", config: { "lab:hosts": "3", "linuxnet:hostNamespace": "h" },
        refresh: true, parallel: 4, backendDir: "/state", passphrase: "pw", env: { EXTRA: "1" },
    });
    expect(args).toEqual([DRIVER, "up", "--dir", "/lab", "--stack", "dev", "--result", "/tmp/r.json", "--config", "lab:hosts=3", "--config", "linuxnet:hostNamespace=h", "--refresh", "--parallel", "4"]);
    expect(env).toMatchObject({ PULUMI_BACKEND_URL: "file:///state?metadata=skip", PULUMI_CONFIG_PASSPHRASE: "pw", NODE_OPTIONS: "", EXTRA: "1" });
});

test("the driver is the compiled one, also when this runs from source", () => {
    expect(DRIVER).toBe(path.resolve(__dirname, "../../dist/scripts/run-program.js"));
});

test("the file backend is written without blob sidecars, and its directory is found again", () => {
    expect(fileBackendUrl("/state")).toBe("file:///state?metadata=skip");
    expect(fileBackendDir(fileBackendUrl("/state"))).toBe("/state");
    expect(fileBackendDir("file:///other")).toBe("/other");
    expect(() => fileBackendDir("s3://bucket")).toThrow(/only a local file backend/);
});
