// The one webpack configuration of every service: Nx's Node app plugin, ts-loader with a type
// check, and a generated package.json listing only the app's runtime dependencies (for images).
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = function appWebpackConfig(appDir, app) {
  return {
    output: {
      path: join(appDir, '../../dist/apps', app),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && { devtoolModuleFilenameTemplate: '[absolute-resource-path]' }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets: [],
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
      }),
    ],
  };
};
