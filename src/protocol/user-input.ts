// request_user_input: the questions the model asks the user and the answers it gets back, in
// upstream's shapes (the answer is keyed by question id; notes come as "user_note: …").

export interface UserInputOption {
  label: string;
  description: string;
}

export interface UserInputQuestion {
  id: string;
  header: string;
  question: string;
  options: UserInputOption[];
}

export interface UserInputResponse {
  answers: Record<string, { answers: string[] }>;
}
