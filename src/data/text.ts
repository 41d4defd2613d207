/**
 * Review texts for synthetic data: sentences built once from templates (dishes, staff, places,
 * Unicode dish names, emoji, other languages), then composed per review with a tone that
 * follows the rating. Texts come out JSON-escaped (the inside of a JSON string, without the
 * quotes): the sentences are escaped once when the pools are built, so writing a line needs no
 * `JSON.stringify` per row. Inappropriate words are inserted at whole-word positions (next to
 * spaces, ASCII punctuation or emoji, never next to a letter or digit), so `match: word` and
 * `match: substring` agree on them; near misses such as "grossly" or "scrappy" come from the
 * ordinary sentences.
 *
 * @module
 */
import { Random } from "./random.ts";

const DISHES = [
  "burger",
  "ramen 🍜",
  "pad thai",
  "margherita pizza",
  "carbonara",
  "fish tacos",
  "pho",
  "phở bò",
  "crème brûlée",
  "jalapeño poppers",
  "bánh mì",
  "açaí bowl",
  "smørrebrød",
  "Käsespätzle",
  "crêpes",
  "pão de queijo",
  "tteokbokki (떡볶이)",
  "sushi platter (寿司)",
  "xiaolongbao (小笼包)",
  "shakshuka",
  "falafel wrap",
  "lamb tagine",
  "pierogi",
  "paella",
  "chicken tikka masala",
  "butter chicken",
  "brisket",
  "mac and cheese",
  "Caesar salad",
  "tiramisù",
  "churros",
  "dim sum",
  "bibimbap",
  "poke bowl",
  "croque-monsieur",
  "gnocchi",
  "chili con carne",
  "clam chowder",
  "eggs Benedict",
  "French toast",
  "mole poblano",
  "jollof rice",
  "injera with misir wot",
  "khachapuri",
  "börek",
  "baklava",
  "gelato",
  "flat white ☕",
  "matcha latte 🍵",
  "margarita 🍹",
  "IPA on tap 🍺",
  "natural wine 🍷",
];
const STAFF = ["server", "waiter", "waitress", "bartender", "host", "manager", "chef", "barista"];
const NAMES = [
  "Ana",
  "José",
  "Zoë",
  "Björn",
  "Chloé",
  "Mateo",
  "Priya",
  "Kenji",
  "Aïcha",
  "Łukasz",
  "Sam",
  "Noor",
  "Dmitri",
  "Siobhán",
  "Li Wei",
  "Mia",
  "Omar",
  "Renée",
  "Tomás",
  "Ngozi",
];
const MEALS = ["breakfast", "brunch", "lunch", "dinner", "late-night snack", "happy hour"];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const COMPANY = [
  "my partner",
  "a group of eight",
  "the kids",
  "two coworkers",
  "my parents",
  "a friend",
  "my book club",
  "a first date",
];
const GOOD = [
  "delicious",
  "perfectly seasoned",
  "fresh and generous",
  "cooked just right",
  "outstanding",
  "full of flavor",
  "better than I expected",
  "the best I've had in years",
  "spot on",
];
const BAD = [
  "bland",
  "cold in the middle",
  "overcooked",
  "swimming in oil",
  "tiny for the price",
  "grossly oversalted",
  "dry and chewy",
  "clearly microwaved",
  "forgettable",
];
const POSITIVE_EMOJI = ["😋", "👍", "🔥", "😍", "🙌", "❤️", "⭐⭐⭐⭐⭐", "👨‍🍳", "🥳", "💯"];
const NEGATIVE_EMOJI = ["😡", "👎", "🤢", "😤", "🙄", "💸", "😞"];
const FOREIGN = [
  "料理はとても美味しかったです。店員さんも親切でした。",
  "La comida estaba deliciosa, ¡volveremos pronto!",
  "Очень вкусно, но долго ждали заказ.",
  "الطعام كان رائعا والخدمة ممتازة.",
  "Service impeccable, mais l'addition était salée.",
  "Essen war super, Bedienung eher mürrisch.",
  "음식이 정말 맛있었어요! 또 올게요.",
  "Jedzenie pyszne, obsługa bardzo miła.",
  "Ótimo lugar, preços justos e atendimento rápido.",
  "Yemekler harikaydı, tatlılar özellikle güzeldi.",
];

const POSITIVE_TEMPLATES = [
  "The {dish} was {good}.",
  "Our {staff}, {name}, was warm and attentive the whole evening.",
  "I'd come back just for the {dish}.",
  "We came for {meal} on a {day} with {company} and loved it.",
  "Portions are big, prices are fair, and the {dish} is {good}.",
  "The {dish} was {good}, and the {dish} was even better.",
  "{name} at the bar made a great recommendation.",
  "Cozy room, friendly staff, nice playlist.",
  "Honestly a hidden gem in a scrappy little strip mall.",
  "Everything came out fast and hot.",
  "The chef came out to ask how the {dish} was — such a nice touch.",
  "Dessert was the highlight: the {dish}, hands down.",
  "Great value, and they handled my allergy without any fuss.",
  'We had the "chef\'s choice" menu and every course was {good}.',
  "{name} suggested the {dish} and it was {good}.",
  "Third visit this month and the {dish} is still {good}.",
  "Took {company} here for {meal}; everyone loved the {dish}.",
  "The {dish} alone is worth the {minutes}-minute drive.",
  "Even on a busy {day}, {name} kept our glasses full.",
];
const NEGATIVE_TEMPLATES = [
  "The {dish} was {bad}.",
  "We waited {minutes} minutes before anyone took our order.",
  "Our {staff} forgot the {dish} twice.",
  "The {dish} was {bad} and the {dish} wasn't much better.",
  "Way too loud on a {day} night; we could barely talk.",
  "The bill had two drinks we never ordered.",
  "Tables were sticky and the floor hadn't been swept.",
  "For {meal} with {company} it was a letdown.",
  "They sat us next to the kitchen door for the whole meal.",
  "The manager shrugged when we mentioned the {dish} was {bad}.",
  "Prices went up, portions went down.",
  "{name} was rushed and the {dish} came out {bad}.",
  "Booked for {meal} at {hour}, seated at {hour}:45.",
  "Asked for the {dish} without nuts; it came with nuts.",
  "The {dish} used to be great, now it's {bad}.",
];
const NEUTRAL_TEMPLATES = [
  "We came here for {meal} on a {day}.",
  "Parking is tricky, so take the tram.",
  "They take reservations but walk-ins are fine before 7.",
  "The menu changes with the season.",
  "I had the {dish}; {company} had the {dish}.",
  "It gets busy after {hour} o'clock.",
  "The {dish} is the dish everyone orders.",
  "Cash and cards accepted, tip not included.",
  "There's a small terrace out back.",
  "The Darnell family has run the place since 1987.",
  "We shared the {dish} and the {dish} between {company} and me.",
  "{name} told us the {dish} is made in house every {day}.",
  "There were {minutes} seats inside and a short wait.",
];

/** Templates holding one inappropriate word each (`{w}`), at whole-word positions. */
const WORD_TEMPLATES = [
  "The {w} {staff} ignored us for twenty minutes.",
  "What a {w} mess the {dish} was.",
  "{W}, that took forever!",
  "Honestly the {dish} tasted {w}.",
  "Not gonna lie, {w} service tonight.",
  "The bathroom was {w} (seriously).",
  "The {dish}? {W}.",
  "Oh {w}, they forgot the {dish} again 🙄",
];

const FOREIGN_JSON = FOREIGN.map(jsonEscape);
const POOL_SIZE = 1500;

/**
 * The tone of a review, from its rating.
 *
 * @example
 * const tone: Tone = toneOf(2); // "negative"
 */
export type Tone = "positive" | "mixed" | "negative";

/**
 * Sentence pools built once from the templates with a fixed seed, so texts depend only on the
 * caller's random source.
 */
interface Pools {
  positive: string[];
  negative: string[];
  neutral: string[];
  /** Each split at its `{w}` placeholder: before, after, and whether the word is capitalized. */
  word: { before: string; after: string; capital: boolean }[];
}

let pools: Pools | undefined;

function buildPools(): Pools {
  const rng = new Random(0x5eed);
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (whole, slot: string) => {
      switch (slot) {
        case "dish":
          return rng.pick(DISHES);
        case "staff":
          return rng.pick(STAFF);
        case "name":
          return rng.pick(NAMES);
        case "meal":
          return rng.pick(MEALS);
        case "day":
          return rng.pick(DAYS);
        case "company":
          return rng.pick(COMPANY);
        case "good":
          return rng.pick(GOOD);
        case "bad":
          return rng.pick(BAD);
        case "minutes":
          return String(rng.between(20, 95));
        case "hour":
          return String(rng.between(6, 9));
        default:
          return whole; // {w} and {W}: filled per review
      }
    });
  const pool = (templates: string[], emoji: string[]) =>
    Array.from({ length: POOL_SIZE }, () => {
      const s = fill(rng.pick(templates));
      return jsonEscape(rng.chance(0.15) ? `${s} ${rng.pick(emoji)}` : s);
    });
  return {
    positive: pool(POSITIVE_TEMPLATES, POSITIVE_EMOJI),
    negative: pool(NEGATIVE_TEMPLATES, NEGATIVE_EMOJI),
    neutral: pool(NEUTRAL_TEMPLATES, POSITIVE_EMOJI),
    word: Array.from({ length: 200 }, () => {
      const s = fill(rng.pick(WORD_TEMPLATES));
      const capital = s.includes("{W}");
      const [before, after] = s.split(capital ? "{W}" : "{w}").map(jsonEscape);
      return { before, after, capital };
    }),
  };
}

/**
 * The tone a rating implies: 4 and up positive, 2.5 to 3.5 mixed, below negative.
 *
 * @example
 * toneOf(4.5); // "positive"
 */
export function toneOf(rating: number): Tone {
  return rating >= 4 ? "positive" : rating >= 2.5 ? "mixed" : "negative";
}

/**
 * Options of {@linkcode reviewText}.
 *
 * @example
 * const opts: TextOptions = { tone: "positive", words: ["darn"], wordCount: 1 };
 */
export interface TextOptions {
  /** The review's tone. */
  tone: Tone;
  /** Inappropriate words to draw from. */
  words: readonly string[];
  /** How many inappropriate words to insert (0 for most reviews). */
  wordCount: number;
}

/**
 * A review text of realistic length (about 480 bytes on average, long-tailed): sentences of
 * the given tone with some neutral ones, sometimes paragraphs, sometimes another language,
 * with `wordCount` inappropriate words inserted; JSON-escaped.
 *
 * @example
 * const text = reviewText(new Random(1), { tone: "negative", words: ["yuck"], wordCount: 1 });
 */
export function reviewText(rng: Random, opts: TextOptions): string {
  const p = pools ??= buildPools();
  // Exponential sentence count, mean ~8.5: many short reviews, a long tail of essays.
  const count = Math.min(80, 1 + Math.floor(-Math.log(1 - rng.float()) * 8));
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = rng.float();
    const main = opts.tone === "positive"
      ? p.positive
      : opts.tone === "negative"
      ? p.negative
      : r < 0.5
      ? p.positive
      : p.negative;
    sentences.push(r < 0.25 ? p.neutral[rng.int(POOL_SIZE)] : main[rng.int(POOL_SIZE)]);
  }
  if (rng.chance(0.04)) sentences.splice(rng.int(count + 1), 0, rng.pick(FOREIGN_JSON));
  for (let i = 0; i < opts.wordCount; i++) {
    const t = rng.pick(p.word);
    const w = jsonEscape(wordCase(rng, rng.pick(opts.words), t.capital));
    sentences.splice(rng.int(sentences.length + 1), 0, t.before + w + t.after);
  }
  if (sentences.length > 5 && rng.chance(0.3)) {
    // Paragraphs: real reviews carry newlines, which JSON escapes as \n.
    const at = 2 + rng.int(sentences.length - 3);
    return sentences.slice(0, at).join(" ") + "\\n\\n" + sentences.slice(at).join(" ");
  }
  return sentences.join(" ");
}

/**
 * A text that is mostly inappropriate words (masked ratio well above 0.2), such as a rant;
 * JSON-escaped.
 *
 * @example
 * const rant = profaneText(new Random(1), ["damn", "yuck"]); // "Damn! yuck, DAMN..."
 */
export function profaneText(rng: Random, words: readonly string[]): string {
  const n = rng.between(3, 9);
  let text = "";
  for (let i = 0; i < n; i++) {
    text += wordCase(rng, rng.pick(words), i === 0) + rng.pick([" ", ", ", "! ", ". ", "!!! "]);
  }
  return jsonEscape(rng.chance(0.5) ? `${text}${rng.pick(NEGATIVE_EMOJI)}` : `${text}never again.`);
}

/**
 * A very long text (`bytes` UTF-8 bytes or a little more), for rows that stress limits;
 * JSON-escaped.
 *
 * @example
 * const big = hugeText(new Random(1), 1 << 20); // ~1 MiB
 */
export function hugeText(rng: Random, bytes: number): string {
  const p = pools ??= buildPools();
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const s = p.positive[rng.int(POOL_SIZE)];
    parts.push(s);
    size += s.length + 1; // close enough: the sentences are mostly ASCII
  }
  return parts.join(" ");
}

/**
 * A text as the inside of a JSON string (escaped, without the quotes).
 *
 * @example
 * jsonEscape('say "hi"\n'); // 'say \\"hi\\"\\n'
 */
export function jsonEscape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function wordCase(rng: Random, word: string, capital: boolean): string {
  const r = rng.float();
  if (r < 0.15) return word.toUpperCase();
  if (capital || r < 0.35) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}
