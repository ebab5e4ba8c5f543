declare module "talisman/phonetics/daitch-mokotoff.js" {
  /** Daitch–Mokotoff soundex codes of a name. */
  export default function daitchMokotoff(name: string): string[];
}
