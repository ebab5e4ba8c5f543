export { parseStory } from "./story.js";
export { readStoryFile, listStoryFiles, storyIdFromPath } from "./file.js";
export { normalizeForMatch } from "./text.js";
