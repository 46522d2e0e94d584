export { saveSae, loadSae } from './saveSae';
