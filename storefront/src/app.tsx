import { Navigate, Route, Routes, useLocation } from "react-router-dom"
import type { ReactNode } from "react"
import { Header } from "./components/header"
import { useStore } from "./store"
import { ShopPage } from "./pages/shop"
import { CartPage } from "./pages/cart"
import { CheckoutPage } from "./pages/checkout"
import { OrderPage } from "./pages/order"
import { AccountPage } from "./pages/account"
import { SignInPage } from "./pages/sign-in"

export function App() {
  return (
    <>
      <Header />
      <main className="page">
        <Routes>
          <Route path="/" element={<ShopPage />} />
          <Route path="/cart" element={<CartPage />} />
          <Route path="/checkout" element={<SignedIn><CheckoutPage /></SignedIn>} />
          <Route path="/order/:id" element={<SignedIn><OrderPage /></SignedIn>} />
          <Route path="/account" element={<SignedIn><AccountPage /></SignedIn>} />
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </main>
    </>
  )
}

/** Points need a shopper: pages that show them send a guest to sign in first, and back. */
function SignedIn({ children }: { children: ReactNode }) {
  const { customer } = useStore()
  const location = useLocation()
  if (customer === undefined) return null // still asking
  if (!customer) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname)}`} replace />
  return <>{children}</>
}
