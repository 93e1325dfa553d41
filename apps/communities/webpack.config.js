const appWebpackConfig = require('../../tools/build/app-webpack.config');

module.exports = appWebpackConfig(__dirname, 'communities');
