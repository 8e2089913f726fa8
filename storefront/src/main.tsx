import { StrictMode } from "react"
import { createRoot } from "react-dom/client"
import { QueryClient, QueryClientProvider } from "@tanstack/react-query"
import { BrowserRouter } from "react-router-dom"
import i18n from "./i18n"
import "./styles.css"
import { loadConfig, makeClients } from "./config"
import { StoreProvider, rememberReferral } from "./store"
import { App } from "./app"

const root = createRoot(document.getElementById("root")!)
rememberReferral(window.location.search)

loadConfig()
  .then((config) => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } })
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <StoreProvider clients={makeClients(config)} config={config}>
              <App />
            </StoreProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </StrictMode>
    )
  })
  .catch((error: Error) => {
    root.render(<p className="page error">{i18n.t("config_error", { message: error.message })}</p>)
  })
