// Every kernel object a test makes carries this prefix, so cleanup and the leak check find
// exactly what the tests made and nothing else on the machine.
module.exports.TEST_PREFIX = "lnxt-";
