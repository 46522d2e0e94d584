export { saveMlp, MLP_WEIGHTS_FILE, MLP_CONFIG_FILE } from './saveMlp';
export { loadMlp } from './loadMlp';
