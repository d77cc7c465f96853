// Every kernel object a test run makes carries this prefix: "lnxt-" and the run's own id, so that
// cleanup and the leak check find exactly what this run made — never the machine's own objects,
// nor those of another test run going on at the same time (a developer's beside CI's). The id is
// chosen once per run: jest.config.js loads this in Jest's parent process, whose environment the
// workers inherit.
const { randomBytes } = require("crypto");

if (!process.env.LINUXNET_TEST_RUN) process.env.LINUXNET_TEST_RUN = randomBytes(2).toString("hex");

module.exports.TEST_PREFIX = `lnxt-${process.env.LINUXNET_TEST_RUN}-`;
