"""How the chat understands an answer, one step a module; `interpret` (in
assessor.conversation.interpret) decides from them: what is said outright first, then the answer
in its words through the last five below, in their order.

- `reading`: what a reading holds (`Reading`, `Decision`) and how sure each kind of evidence is;
- `clauses`: an answer cut at its separators, for the steps that read it part by part;
- `numbers`: numbers said as ratings, and answers that are numbers;
- `stage_words`: stages named by word or number in a longer text, and stages held by
  different people;
- `claims`: a stage said outright in one part of an answer, the rest a note;
- `specials`: don't know and not applicable;
- `phrases`: where a phrase occurs in a clause, said, denied or doubted;
- `question_index`: a question's descriptors and phrases, prepared once;
- `evidence`: what one clause says for and against each stage;
- `weighed`: a whole answer weighed clause by clause, by time;
- `extents`: how widely an answer says a thing happens, and the stage that extent decides;
- `doubts`: a doubt beside a practice described, hearsay, a guess then a doubt;
- `opposed`: whether the rest of an answer opposes the stage read, or only qualifies it;
- `reasons`: the person's own words a stage was read from;
- `frequency`: answers to "how often";
- `remarks`: remarks that are not answers;
- `offers`: the stages offered back: the top one, a neighbour, the stage below, the nearest;
- `absences`: what a denial, a don't-know or a contrast says of the stage;
- `explain`: the reading shown clause by clause, for a bank author;
- `said`: an answer read in its words, as each step of the decision that follows sees it;
- `undescribed`: an answer that describes no practice (a remark, a frequency, a don't-know);
- `taken_as_read`: the one bank phrase said, or a descriptor read out, taken without asking;
- `weighed_offer`: the stage the evidence points at, offered, set beside the likeness;
- `settling`: the offer held back, agreed, or with the stage below first.
"""
