/** ASCII magic that opens the MNIST asset. */
export declare const MNIST_MAGIC: 'MNU8';
/** Bytes before the labels: magic, count, width, height. */
export declare const MNIST_HEADER_BYTES: 16;
/** Width and height of each digit. */
export declare const MNIST_SIDE: 28;
/** Folder of the `mnist` package's `0.json` … `9.json`. */
export declare const MNIST_PACKAGE_DIGITS: string;
/** The package's ten digit files, 0 first. */
export declare function mnistPackageFiles(): string[];
/**
 * The package's digits: element d is a flat array of 784 × n values in [0, 1] labelled d.
 * `perClass` keeps the first that many of each class. Throws when the package is missing.
 */
export declare function readMnistPackage(perClass?: number): number[][];
/** Encodes flat per-class digit arrays (784 × n values in [0, 1] each) as a new MNU8 buffer. */
export declare function encodeMnist(digitsByClass: ReadonlyArray<ArrayLike<number>>): Uint8Array;
