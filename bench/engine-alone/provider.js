// A dynamic provider that does nothing (bench/engine-alone): installed as the module
// `linuxnet-engine-alone-provider` in the program's node_modules, where index.ts's `__provider`
// finds it.
module.exports = {
    check: async (olds, news) => ({ inputs: news }),
    diff: async () => ({ changes: false }),
    create: async (inputs) => ({ id: inputs.name, outs: inputs }),
    read: async (id, props) => ({ id, props }),
    update: async (id, olds, news) => ({ outs: news }),
    delete: async () => undefined,
};
