export declare const TEST_PREFIX: string;
